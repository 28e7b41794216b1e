/// Go's `sort.Sort` (pattern-defeating quicksort, Go 1.19 and later), step
/// for step, so that elements that compare equal end up in the same order as
/// etcd puts them.
///
/// etcd sorts Range results with `sort.Sort`, which is not stable: for more
/// than 12 results, keys that tie on the sort target (the same version or mod
/// revision) come out in an order that only this exact algorithm reproduces.
enum GoSort {
    static func sort<Element>(_ elements: inout [Element], by less: (Element, Element) -> Bool) {
        let count = elements.count
        guard count > 1 else { return }
        elements = withoutActuallyEscaping(less) { less in
            var sorter = Sorter(elements: elements, less: less)
            sorter.pdqsort(0, count, bitLength(UInt(count)))
            return sorter.elements
        }
    }

    private static func bitLength(_ value: UInt) -> Int {
        UInt.bitWidth - value.leadingZeroBitCount
    }

    private enum SortedHint {
        case unknown, increasing, decreasing
    }

    private struct Sorter<Element> {
        var elements: [Element]
        let lessElements: (Element, Element) -> Bool

        init(elements: [Element], less: @escaping (Element, Element) -> Bool) {
            self.elements = elements
            self.lessElements = less
        }

        func less(_ i: Int, _ j: Int) -> Bool {
            lessElements(elements[i], elements[j])
        }

        mutating func swap(_ i: Int, _ j: Int) {
            elements.swapAt(i, j)
        }

        mutating func insertionSort(_ a: Int, _ b: Int) {
            var i = a + 1
            while i < b {
                var j = i
                while j > a && less(j, j - 1) {
                    swap(j, j - 1)
                    j -= 1
                }
                i += 1
            }
        }

        mutating func siftDown(_ lo: Int, _ hi: Int, _ first: Int) {
            var root = lo
            while true {
                var child = 2 * root + 1
                if child >= hi { return }
                if child + 1 < hi && less(first + child, first + child + 1) {
                    child += 1
                }
                if !less(first + root, first + child) { return }
                swap(first + root, first + child)
                root = child
            }
        }

        mutating func heapSort(_ a: Int, _ b: Int) {
            let first = a
            let hi = b - a
            var i = (hi - 1) / 2
            while i >= 0 {
                siftDown(i, hi, first)
                i -= 1
            }
            i = hi - 1
            while i >= 0 {
                swap(first, first + i)
                siftDown(0, i, first)
                i -= 1
            }
        }

        mutating func pdqsort(_ start: Int, _ end: Int, _ startLimit: Int) {
            let maxInsertion = 12
            var a = start
            var b = end
            var limit = startLimit
            var wasBalanced = true
            var wasPartitioned = true

            while true {
                let length = b - a
                if length <= maxInsertion {
                    insertionSort(a, b)
                    return
                }
                if limit == 0 {
                    heapSort(a, b)
                    return
                }
                if !wasBalanced {
                    breakPatterns(a, b)
                    limit -= 1
                }

                var (pivot, hint) = choosePivot(a, b)
                if hint == .decreasing {
                    reverseRange(a, b)
                    pivot = (b - 1) - (pivot - a)
                    hint = .increasing
                }
                if wasBalanced && wasPartitioned && hint == .increasing {
                    if partialInsertionSort(a, b) { return }
                }
                // Many duplicates: split off the elements equal to the pivot.
                if a > 0 && !less(a - 1, pivot) {
                    a = partitionEqual(a, b, pivot)
                    continue
                }

                let (middle, alreadyPartitioned) = partition(a, b, pivot)
                wasPartitioned = alreadyPartitioned
                let leftLength = middle - a
                let rightLength = b - middle
                let balanceThreshold = length / 8
                if leftLength < rightLength {
                    wasBalanced = leftLength >= balanceThreshold
                    pdqsort(a, middle, limit)
                    a = middle + 1
                } else {
                    wasBalanced = rightLength >= balanceThreshold
                    pdqsort(middle + 1, b, limit)
                    b = middle
                }
            }
        }

        mutating func partition(_ a: Int, _ b: Int, _ pivot: Int) -> (Int, Bool) {
            swap(a, pivot)
            var i = a + 1
            var j = b - 1
            while i <= j && less(i, a) { i += 1 }
            while i <= j && !less(j, a) { j -= 1 }
            if i > j {
                swap(j, a)
                return (j, true)
            }
            swap(i, j)
            i += 1
            j -= 1
            while true {
                while i <= j && less(i, a) { i += 1 }
                while i <= j && !less(j, a) { j -= 1 }
                if i > j { break }
                swap(i, j)
                i += 1
                j -= 1
            }
            swap(j, a)
            return (j, false)
        }

        mutating func partitionEqual(_ a: Int, _ b: Int, _ pivot: Int) -> Int {
            swap(a, pivot)
            var i = a + 1
            var j = b - 1
            while true {
                while i <= j && !less(a, i) { i += 1 }
                while i <= j && less(a, j) { j -= 1 }
                if i > j { break }
                swap(i, j)
                i += 1
                j -= 1
            }
            return i
        }

        mutating func partialInsertionSort(_ a: Int, _ b: Int) -> Bool {
            let maxSteps = 5
            let shortestShifting = 50
            var i = a + 1
            for _ in 0..<maxSteps {
                while i < b && !less(i, i - 1) { i += 1 }
                if i == b { return true }
                if b - a < shortestShifting { return false }
                swap(i, i - 1)
                if i - a >= 2 {
                    var j = i - 1
                    while j >= 1 {
                        if !less(j, j - 1) { break }
                        swap(j, j - 1)
                        j -= 1
                    }
                }
                if b - i >= 2 {
                    var j = i + 1
                    while j < b {
                        if !less(j, j - 1) { break }
                        swap(j, j - 1)
                        j += 1
                    }
                }
            }
            return false
        }

        mutating func breakPatterns(_ a: Int, _ b: Int) {
            let length = b - a
            guard length >= 8 else { return }
            var random = UInt64(length)
            let modulus = UInt(1) << UInt(bitLength(UInt(length)))
            let index = a + (length / 4) * 2 - 1
            for offset in 0..<3 {
                random ^= random << 13
                random ^= random >> 7
                random ^= random << 17
                var other = Int(UInt(truncatingIfNeeded: random) & (modulus - 1))
                if other >= length { other -= length }
                swap(index - 1 + offset, a + other)
            }
        }

        mutating func choosePivot(_ a: Int, _ b: Int) -> (Int, SortedHint) {
            let shortestNinther = 50
            let maxSwaps = 4 * 3
            let length = b - a
            var swaps = 0
            var i = a + length / 4 * 1
            var j = a + length / 4 * 2
            var k = a + length / 4 * 3
            if length >= 8 {
                if length >= shortestNinther {
                    i = median(i - 1, i, i + 1, &swaps)
                    j = median(j - 1, j, j + 1, &swaps)
                    k = median(k - 1, k, k + 1, &swaps)
                }
                j = median(i, j, k, &swaps)
            }
            switch swaps {
            case 0: return (j, .increasing)
            case maxSwaps: return (j, .decreasing)
            default: return (j, .unknown)
            }
        }

        func order2(_ a: Int, _ b: Int, _ swaps: inout Int) -> (Int, Int) {
            if less(b, a) {
                swaps += 1
                return (b, a)
            }
            return (a, b)
        }

        func median(_ a: Int, _ b: Int, _ c: Int, _ swaps: inout Int) -> Int {
            var (a, b) = order2(a, b, &swaps)
            var c = c
            (b, c) = order2(b, c, &swaps)
            (a, b) = order2(a, b, &swaps)
            _ = (a, c)
            return b
        }

        mutating func reverseRange(_ a: Int, _ b: Int) {
            var i = a
            var j = b - 1
            while i < j {
                swap(i, j)
                i += 1
                j -= 1
            }
        }
    }
}
