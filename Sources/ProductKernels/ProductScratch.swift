#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Each thread's buffer for packed panels of `op(B)`: grown on demand, kept for the thread's
/// life, so that a training step's products allocate nothing after the first.
public enum ProductScratch {
  /// A thread's buffer, reached through a plain pointer: a class instance here cost a retain
  /// and a release per product (2 % of a small step).
  private struct Storage {
    var base: UnsafeMutableRawPointer?
    var bytes: Int
  }

  private static let key: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { storage in
      #if canImport(Darwin)
        let storage = storage.assumingMemoryBound(to: Storage.self)
      #else
        guard let storage = storage?.assumingMemoryBound(to: Storage.self) else { return }
      #endif
      storage.pointee.base?.deallocate()
      storage.deinitialize(count: 1)
      storage.deallocate()
    }
    precondition(status == 0, "pthread_key_create failed (\(status))")
    return key
  }()

  /// Room for `count` values of `T` on the calling thread, valid until its next call.
  @inline(__always)
  public static func buffer<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
    let bytes = max(count, 1) * MemoryLayout<T>.stride
    let storage: UnsafeMutablePointer<Storage>
    if let existing = pthread_getspecific(key) {
      storage = existing.assumingMemoryBound(to: Storage.self)
    } else {
      storage = .allocate(capacity: 1)
      storage.initialize(to: Storage(base: nil, bytes: 0))
      pthread_setspecific(key, storage)
    }
    if storage.pointee.bytes < bytes {
      storage.pointee.base?.deallocate()
      storage.pointee.base = .allocate(byteCount: bytes, alignment: 64)
      storage.pointee.bytes = bytes
    }
    return storage.pointee.base!.bindMemory(to: T.self, capacity: max(count, 1))
  }
}
