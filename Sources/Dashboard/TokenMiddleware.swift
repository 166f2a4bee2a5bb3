import Hummingbird

/// Demands the dashboard token on every request but `/healthz`: `Authorization: Bearer TOKEN` or `?token=TOKEN`
/// (the page's own links and its EventSource use the query form); anything else gets 401.
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The token requests must carry.
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == "/healthz" || carriesToken(request) {
            return try await next(request, context)
        }
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer realm=\"lyapsweep\""
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(
            status: .unauthorized, headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: "401 unauthorized: this dashboard needs its token (Authorization: Bearer TOKEN or ?token=TOKEN)\n")))
    }

    private func carriesToken(_ request: Request) -> Bool {
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer "),
           Self.constantTimeEqual(String(authorization.dropFirst("Bearer ".count)), token) {
            return true
        }
        if let query = request.uri.queryParameters["token"], Self.constantTimeEqual(String(query), token) {
            return true
        }
        return false
    }

    /// Compares without an early exit, so response times do not reveal how much of a guess was right.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
