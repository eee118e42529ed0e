#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Each thread's buffer for packed panels of `op(B)`: grown on demand, kept for the thread's
/// life, so that a training step's products allocate nothing after the first.
public enum ProductScratch {
  private final class Storage {
    var base: UnsafeMutableRawPointer?
    var bytes = 0
    deinit { base?.deallocate() }
  }

  private static let key: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { storage in
      #if canImport(Darwin)
        Unmanaged<AnyObject>.fromOpaque(storage).release()
      #else
        if let storage { Unmanaged<AnyObject>.fromOpaque(storage).release() }
      #endif
    }
    precondition(status == 0, "pthread_key_create failed (\(status))")
    return key
  }()

  /// Room for `count` values of `T` on the calling thread, valid until its next call.
  @inline(__always)
  public static func buffer<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
    let bytes = max(count, 1) * MemoryLayout<T>.stride
    let storage: Storage
    if let existing = pthread_getspecific(key) {
      storage = Unmanaged<Storage>.fromOpaque(existing).takeUnretainedValue()
    } else {
      storage = Storage()
      pthread_setspecific(key, Unmanaged.passRetained(storage as AnyObject).toOpaque())
    }
    if storage.bytes < bytes {
      storage.base?.deallocate()
      storage.base = .allocate(byteCount: bytes, alignment: 64)
      storage.bytes = bytes
    }
    return storage.base!.bindMemory(to: T.self, capacity: max(count, 1))
  }
}
