/// File-name rules shared with tools/eval/coco_eval.py, which uses Python's os.path.

/// The last path component (`os.path.basename`).
func baseName(of path: String) -> String {
    String(path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
}

/// The name without its extension (`os.path.splitext(name)[0]`): the part before the last
/// dot, unless only dots precede that dot (".hidden" has no extension).
func stem(of name: String) -> String {
    guard let dot = name.lastIndex(of: "."),
          name[..<dot].contains(where: { $0 != "." })
    else { return name }
    return String(name[..<dot])
}
