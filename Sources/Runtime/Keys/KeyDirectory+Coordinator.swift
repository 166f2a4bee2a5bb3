import Coordinator
import Logging

extension KeyDirectory {
    /// `configuration` secured as `coordinator --keys DIR` / `--insecure` ask: a CURVE server with the folder's keys,
    /// or plaintext where allowed (on a network address only with `insecure`, and logged as a warning).
    ///
    /// - Returns: the configuration, or ``ExitStatus/refused`` (the reason printed on standard error) for a bind
    ///   that needs keys, or keys that cannot be read.
    public static func securing(_ configuration: CoordinatorConfiguration, keys: String?, insecure: Bool, logger: Logger)
        -> Result<CoordinatorConfiguration, SessionFailure>
    {
        var configuration = configuration
        let bind = configuration.endpoint
        do {
            configuration.security = try coordinatorSecurity(keys: keys, bind: bind, insecure: insecure)
        } catch {
            printError("lyapsweep coordinator: \(error)")
            return .failure(SessionFailure(status: .refused))
        }
        configuration.allowsInsecureNetwork = insecure
        if configuration.security == nil && !EndpointSecurity.isLocal(bind) {
            logger.warning("INSECURE: \(bind) is bound without keys (--insecure): anyone who can reach it can read results and inject false ones")
        }
        return .success(configuration)
    }
}
