import Synchronization

/// The user's credentials and the auth token etcd issued for them.
///
/// Tokens are valid on every member, so one store serves all endpoints.
final class AuthTokenStore: Sendable {
    enum State: Sendable, Equatable {
        /// No login attempted yet, or the last token was rejected.
        case unknown
        /// The cluster has auth disabled, so requests go without a token.
        case authDisabled
        case token(String)
    }

    let user: String
    let password: String
    private let state = Mutex(State.unknown)

    init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    var current: State {
        state.withLock { $0 }
    }

    func store(_ newState: State) {
        state.withLock { $0 = newState }
    }

    /// Forgets `rejected`, unless another request already replaced it.
    func invalidate(_ rejected: State) {
        state.withLock { current in
            if current == rejected {
                current = .unknown
            }
        }
    }
}
