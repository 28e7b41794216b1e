/// Aligns rows of cells into columns the way kubectl's tab writer does
/// (Go text/tabwriter with minimum width 6 and padding 3): every column but
/// the last is padded with spaces to its widest cell plus three, and to at
/// least six characters. Widths count Unicode scalars, as Go counts runes.
public struct TableWriter: Sendable {
    public private(set) var rows: [[String]] = []

    public init() {}

    public init(rows: [[String]]) {
        self.rows = rows
    }

    public mutating func append(_ row: [String]) {
        rows.append(row)
    }

    public var isEmpty: Bool { rows.isEmpty }

    /// The aligned table, each row ending in a newline.
    public func render() -> String {
        let columnCount = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columnCount)
        for row in rows {
            for (column, cell) in row.enumerated() where column < row.count - 1 {
                widths[column] = max(widths[column], max(cell.unicodeScalars.count + 3, 6))
            }
        }
        var output = ""
        for row in rows {
            for (column, cell) in row.enumerated() {
                output.append(cell)
                if column < row.count - 1 {
                    output.append(String(repeating: " ", count: widths[column] - cell.unicodeScalars.count))
                }
            }
            output.append("\n")
        }
        return output
    }
}
