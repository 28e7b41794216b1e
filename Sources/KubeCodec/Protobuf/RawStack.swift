/// A growable array of plain values on manually managed memory, for the
/// JSON writer's hot loops, which then pay no copy-on-write check and no
/// reference count on access. The stack never frees itself, so its owner
/// must call `free()` once when done.
struct RawStack<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(to: capacity * 2) }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Appends `element` `times` times.
    @inline(__always)
    mutating func append(_ element: Element, times: Int) {
        if count + times > capacity { grow(to: max(capacity * 2, count + times)) }
        (base + count).initialize(repeating: element, count: times)
        count += times
    }

    /// Appends the elements of `buffer`.
    @inline(__always)
    mutating func append(contentsOf buffer: UnsafeBufferPointer<Element>) {
        let extra = buffer.count
        if count + extra > capacity { grow(to: max(capacity * 2, count + extra)) }
        if let source = buffer.baseAddress {
            (base + count).initialize(from: source, count: extra)
        }
        count += extra
    }

    /// Removes the elements from `newCount` on.
    @inline(__always)
    mutating func truncate(to newCount: Int) {
        (base + newCount).deinitialize(count: count - newCount)
        count = newCount
    }

    @inline(never)
    private mutating func grow(to newCapacity: Int) {
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Returns a copy of the elements as an array.
    func array() -> [Element] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }
}
