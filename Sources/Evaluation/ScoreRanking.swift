/// Indices of `scores` from highest to lowest score, equal scores in input order: the stable
/// order of pycocotools' `np.argsort(-scores, kind='mergesort')`.
func rankedByScore(_ scores: [Double]) -> [Int] {
    scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
}
