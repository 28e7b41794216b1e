/// Bordered tables as etcdctl draws them with the Go package
/// olekukonko/tablewriter: headers centered, cells right-aligned, and cells
/// wider than 30 columns wrapped at spaces into balanced lines.
enum TableWriter {
    static let maxColumnWidth = 30
    /// Extra cost tablewriter gives a line that overflows the wrap width.
    private static let overflowPenalty = 100_000

    static func render(header: [String], rows: [[String]]) -> String {
        let headerCells = header.map { wrap($0) }
        let rowCells = rows.map { row in row.map { wrap($0) } }
        var widths = headerCells.map(\.width)
        for row in rowCells {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.width)
            }
        }
        let headerLines = headerCells.map(\.lines)
        let rowLines = rowCells.map { row in row.map(\.lines) }

        let border = "+" + widths.map { String(repeating: "-", count: $0 + 2) + "+" }.joined() + "\n"
        var text = border
        text += renderRow(headerLines, widths: widths, centered: true)
        text += border
        for row in rowLines {
            text += renderRow(row, widths: widths, centered: false)
        }
        text += border
        return text
    }

    private static func renderRow(_ cells: [[String]], widths: [Int], centered: Bool) -> String {
        let height = cells.map(\.count).max() ?? 1
        var text = ""
        for lineIndex in 0..<height {
            text += "|"
            for (column, width) in widths.enumerated() {
                let lines = column < cells.count ? cells[column] : []
                let cell = lineIndex < lines.count ? lines[lineIndex] : ""
                let padding = width - cell.count
                if centered {
                    let left = padding / 2
                    text += " " + String(repeating: " ", count: left) + cell + String(repeating: " ", count: padding - left) + " |"
                } else {
                    text += " " + String(repeating: " ", count: padding) + cell + " |"
                }
            }
            text += "\n"
        }
        return text
    }

    /// tablewriter's word wrap: a cell wider than 30 columns is split at spaces
    /// so that line lengths are as even as possible (least squared slack),
    /// with the limit raised to the longest word. The cell's width is the
    /// wrap limit, or a longer line, because tablewriter sizes the column
    /// before it wraps.
    static func wrap(_ cell: String) -> (lines: [String], width: Int) {
        let paragraphs = cell.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let widest = paragraphs.map(\.count).max() ?? 0
        let limit = min(widest, maxColumnWidth)
        var width = limit
        var lines: [String] = []
        for (index, paragraph) in paragraphs.enumerated() {
            let words = paragraph.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            let paragraphLimit = max(limit, words.map(\.count).max() ?? 0)
            if index > 0 { lines.append(" ") }
            let wrapped = balancedLines(words, limit: paragraphLimit)
            width = max(width, wrapped.map(\.count).max() ?? 0)
            lines.append(contentsOf: wrapped)
        }
        return (lines, width)
    }

    private static func balancedLines(_ words: [String], limit: Int) -> [String] {
        let count = words.count
        guard count > 0 else { return [""] }
        // lineLength(i, j): width of words i...j joined by single spaces.
        var prefix = [0]
        for word in words { prefix.append(prefix.last! + word.count) }
        func lineLength(_ first: Int, _ last: Int) -> Int { prefix[last + 1] - prefix[first] + (last - first) }

        var cost = [Int](repeating: Int(Int32.max), count: count)
        var lineEnd = [Int](repeating: count, count: count)
        for first in stride(from: count - 1, through: 0, by: -1) {
            if lineLength(first, count - 1) <= limit {
                cost[first] = 0
                lineEnd[first] = count
                continue
            }
            for next in (first + 1)..<count {
                let slack = limit - lineLength(first, next - 1)
                var candidate = slack * slack + cost[next]
                if lineLength(first, next - 1) > limit { candidate += overflowPenalty }
                if candidate < cost[first] {
                    cost[first] = candidate
                    lineEnd[first] = next
                }
            }
        }
        var lines: [String] = []
        var start = 0
        while start < count {
            lines.append(words[start..<lineEnd[start]].joined(separator: " "))
            start = lineEnd[start]
        }
        return lines
    }
}
