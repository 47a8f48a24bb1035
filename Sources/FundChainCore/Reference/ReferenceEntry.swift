/// One row of a compiled reference table (`code,name,level,parent_code`).
struct ReferenceEntry: Sendable, Hashable {
    let code: String
    let name: String
    let level: String
    let parent: String?

    /// Parses the small, trusted CSV tables compiled into the binary (quoted names, no newlines).
    static func parse(_ csv: String) -> [ReferenceEntry] {
        var entries: [ReferenceEntry] = []
        for line in csv.split(separator: "\n").dropFirst() {
            var fields: [String] = []
            var field = ""
            var quoted = false
            for ch in line {
                if ch == "\"" {
                    quoted.toggle()
                } else if ch == "," && !quoted {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(ch)
                }
            }
            fields.append(field)
            guard fields.count == 4 else { continue }
            entries.append(
                ReferenceEntry(
                    code: fields[0], name: fields[1], level: fields[2], parent: fields[3].isEmpty ? nil : fields[3]))
        }
        return entries
    }
}
