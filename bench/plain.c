/* Plain C comparison for `lyapsweep bench`: Iris [4, 10, 3] sigmoid, full-batch GD at eta = 1, one
 * trajectory at a time (the structure of Dynamics' GradientEvaluator), L1 distance to the reference.
 * Build: gcc -O3 -march=native plain.c -lm.  Usage: ./plain [trajectories] [steps]  (default 66 1000)
 * Prints one JSON line; the rate is per second of CPU time. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { N = 120, F = 4, H = 10, C = 3, P = H * F + H + C * H + C };

static double X[N][F];
static int Y[N];

static void load_iris(const char *path) {
    FILE *file = fopen(path, "r");
    if (!file) { perror(path); exit(1); }
    char line[256];
    fgets(line, sizeof line, file);
    double rows[150][F]; int labels[150]; int count = 0;
    while (count < 150 && fscanf(file, "%lf,%lf,%lf,%lf,%d", &rows[count][0], &rows[count][1],
                                 &rows[count][2], &rows[count][3], &labels[count]) == 5) count++;
    fclose(file);
    for (int n = 0; n < N; n++) {               /* a fixed interleaving instead of a seeded shuffle */
        int r = (n * 37) % 150;
        for (int j = 0; j < F; j++) X[n][j] = rows[r][j];
        Y[n] = labels[r];
    }
}

/* Loss and gradient of one trajectory; p = [W1 (H×F), b1, W2 (C×H), b2]. */
static double loss_and_gradient(const double *p, double *g) {
    static double a[N][H], d2[N][C];
    const double *w1 = p, *b1 = p + H * F, *w2 = b1 + H, *b2 = w2 + C * H;
    double loss = 0;
    for (int n = 0; n < N; n++) {
        for (int i = 0; i < H; i++) {
            double z = b1[i];
            for (int j = 0; j < F; j++) z += w1[i * F + j] * X[n][j];
            a[n][i] = 1 / (1 + exp(-z));
        }
        double z[C], largest = -INFINITY, sum = 0;
        for (int k = 0; k < C; k++) {
            z[k] = b2[k];
            for (int i = 0; i < H; i++) z[k] += w2[k * H + i] * a[n][i];
            if (z[k] > largest) largest = z[k];
        }
        for (int k = 0; k < C; k++) sum += exp(z[k] - largest);
        loss += largest + log(sum) - z[Y[n]];
        for (int k = 0; k < C; k++) d2[n][k] = (exp(z[k] - largest) / sum - (k == Y[n])) / N;
    }
    double *g1 = g, *gb1 = g + H * F, *g2 = gb1 + H, *gb2 = g2 + C * H;
    for (int k = 0; k < C; k++) {
        double sb = 0;
        for (int n = 0; n < N; n++) sb += d2[n][k];
        gb2[k] = sb;
        for (int i = 0; i < H; i++) {
            double s = 0;
            for (int n = 0; n < N; n++) s += d2[n][k] * a[n][i];
            g2[k * H + i] = s;
        }
    }
    for (int i = 0; i < H * F + H; i++) g1[i] = 0;
    for (int n = 0; n < N; n++) {
        for (int i = 0; i < H; i++) {
            double back = 0;
            for (int k = 0; k < C; k++) back += d2[n][k] * w2[k * H + i];
            double d = back * a[n][i] * (1 - a[n][i]);
            gb1[i] += d;
            for (int j = 0; j < F; j++) g1[i * F + j] += d * X[n][j];
        }
    }
    return loss / N;
}

int main(int argc, char **argv) {
    int trajectories = argc > 1 ? atoi(argv[1]) : 66, steps = argc > 2 ? atoi(argv[2]) : 1000;
    load_iris(argc > 3 ? argv[3] : "../Sources/Dynamics/Resources/iris.csv");
    double (*w)[P] = calloc(trajectories, sizeof *w), g[P];
    double *distance = calloc((size_t)trajectories * steps, sizeof *distance);
    srand(1);
    for (int j = 0; j < P; j++) {
        int bias = (j >= H * F && j < H * F + H) || j >= P - C;
        double u1 = (rand() + 1.0) / (RAND_MAX + 2.0), u2 = rand() / (RAND_MAX + 1.0);
        w[0][j] = bias ? 0 : sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
        for (int t = 1; t < trajectories; t++) w[t][j] = w[0][j] + (bias ? 0 : 1e-8 * (2.0 * rand() / RAND_MAX - 1));
    }
    struct timespec start, end;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
    double check = 0;
    for (int s = 0; s < steps; s++) {
        for (int t = 0; t < trajectories; t++) {  /* member t steps after the reference: use its old copy */
            double d = 0;
            for (int j = 0; j < P; j++) d += fabs(w[t][j] - w[0][j]);
            distance[(size_t)s * trajectories + t] = d;
        }
        for (int t = 0; t < trajectories; t++) {
            check += loss_and_gradient(w[t], g);
            for (int j = 0; j < P; j++) w[t][j] -= g[j];
        }
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &end);
    double seconds = (end.tv_sec - start.tv_sec) + 1e-9 * (end.tv_nsec - start.tv_nsec);
    if (!isfinite(check)) { fprintf(stderr, "diverged\n"); return 1; }
    printf("{\"case\": \"iris-%d\", \"implementation\": \"c-plain\", \"trajectories\": %d, "
           "\"trajectory_steps_per_second\": %.0f}\n", trajectories, trajectories, trajectories * steps / seconds);
    free(w); free(distance);
    return 0;
}
