"""Matching a frame's detections against reference detections, by class and IoU."""


def iou(a, b):
    x1, y1 = max(a[0], b[0]), max(a[1], b[1])
    x2, y2 = min(a[2], b[2]), min(a[3], b[3])
    inter = max(0.0, x2 - x1) * max(0.0, y2 - y1)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def match(reference, found, min_score):
    """For each reference detection scoring at least min_score, best first: the IoU of the
    best-overlapping detection of the same class in `found` not taken by a better reference
    box (0.0 if none). Returns [(reference detection, IoU)]."""
    taken = set()
    result = []
    for ref in sorted((d for d in reference if d["score"] >= min_score), key=lambda d: -d["score"]):
        best, best_index = 0.0, None
        for index, candidate in enumerate(found):
            if index in taken or candidate["class_id"] != ref["class_id"]:
                continue
            overlap = iou(ref["box"], candidate["box"])
            if overlap > best:
                best, best_index = overlap, index
        if best_index is not None:
            taken.add(best_index)
        result.append((ref, best))
    return result


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(fraction * (len(ordered) - 1) + 0.5))]
