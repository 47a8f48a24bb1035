import FundChainCore
import FundChainStore
import Synchronization

/// What the server holds between requests: the served snapshot set, the API keys, the consents,
/// and the last database probe. Each is an immutable value swapped whole; a request copies the reference
/// out (a lock held for one pointer copy, never across I/O) and reads it without locks.
final class LiveState: Sendable {
    let servingState = Mutex<ServingState?>(nil)
    let keyRing = Mutex(KeyRing())
    let consentBook = Mutex(ConsentBook())
    /// The consents' change marker as of the installed book; `nil` before the first load.
    let consentMarker = Mutex<ConsentStore.Marker?>(nil)
    /// The last probe's outcome; false until the first one succeeds.
    let databaseUp = Atomic<Bool>(false)
    /// The latest batch refused for its checkpoint (0: none), so probes do not retry it.
    let refusedBatch = Atomic<Int64>(0)

    var snapshots: ServingState? { servingState.withLock { $0 } }
    var keys: KeyRing { keyRing.withLock { $0 } }
    var consents: ConsentBook { consentBook.withLock { $0 } }

    func install(_ state: ServingState) { servingState.withLock { $0 = state } }
    func install(_ keys: KeyRing) { keyRing.withLock { $0 = keys } }
    func install(_ consents: ConsentBook) { consentBook.withLock { $0 = consents } }
}
