"""Tracker quality: yolo-edge's tracker against supervision's ByteTrack, scored by motmetrics.

Run by bench/tracker-quality.sh, in the venv it makes (bench/tracker-requirements.txt):

  tracker_quality.py sequences --images DIR --labels DIR --out WORK
      writes WORK/<sequence>/frames/*.jpg and gt.json (tracker_sequences.py), and prints
      one line per sequence: name, frame count, frames folder
  tracker_quality.py score --work WORK --summary FILE
      reads each WORK/<sequence>/{gt.json, raw.jsonl, ours.jsonl}: raw.jsonl is
      `yolo-edge detect --json --no-tracking --conf 0.1` on the frames, ours.jsonl the same
      detector with its tracker (track_id on each detection); without ours.jsonl only
      supervision is scored. Prints a table and writes the summary as JSON.

Scoring: per sequence, one motmetrics accumulator per tracker, ground-truth identities against
track ids, IoU distance with max 0.5 (a pair needs IoU >= 0.5). Matching ignores classes:
both trackers associate boxes without regard to class (supervision's ByteTrack never reads
class_id), and a class the detector gets wrong is the detector's error, not the tracker's.
"""

import argparse
import json
import sys
import warnings
from pathlib import Path

import numpy as np

import tracker_sequences

IOU_DISTANCE_MAX = 0.5
METRICS = ["idf1", "num_switches", "mota"]


def import_trackers():
    """supervision and motmetrics, without their import-time chatter (no OpenCV, ByteTrack deprecated)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import motmetrics
        import supervision
    return supervision, motmetrics


def read_detection_lines(path: Path, frames: int):
    """The `detect --json` lines of one sequence, one list of detections per frame."""
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    if len(lines) != frames:
        raise SystemExit(f"{path}: {len(lines)} lines, expected one per frame ({frames})")
    return [json.loads(line)["detections"] for line in lines]


def xyxy_to_xywh(boxes):
    array = np.asarray(boxes, dtype=float).reshape(-1, 4)
    return np.column_stack([array[:, 0], array[:, 1], array[:, 2] - array[:, 0], array[:, 3] - array[:, 1]])


def supervision_tracks(supervision, frames, fps):
    """supervision's ByteTrack (defaults) fed every raw detection, frame by frame: per frame
    a list of (track id, box)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # ByteTrack's deprecation notice
        tracker = supervision.ByteTrack(frame_rate=fps)
    tracks = []
    for detections in frames:
        inputs = supervision.Detections(
            xyxy=np.asarray([d["box"] for d in detections], dtype=float).reshape(-1, 4),
            confidence=np.asarray([d["score"] for d in detections], dtype=float),
            class_id=np.asarray([d["class_id"] for d in detections], dtype=int))
        tracked = tracker.update_with_detections(inputs)
        tracks.append([(int(i), list(map(float, box))) for i, box in zip(tracked.tracker_id, tracked.xyxy)])
    return tracks


def our_tracks(frames):
    """Our tracker's output: per frame the detections that carry a track id."""
    return [[(int(d["track_id"]), d["box"]) for d in detections if d.get("track_id") is not None]
            for detections in frames]


def accumulate(motmetrics, ground_truth, tracks):
    """One accumulator: ground-truth ids against track ids, frame by frame."""
    accumulator = motmetrics.MOTAccumulator(auto_id=True)
    for truth, hypotheses in zip(ground_truth, tracks, strict=True):
        distances = motmetrics.distances.iou_matrix(
            xyxy_to_xywh([t["box"] for t in truth]), xyxy_to_xywh([box for _, box in hypotheses]),
            max_iou=IOU_DISTANCE_MAX)
        accumulator.update([t["id"] for t in truth], [i for i, _ in hypotheses], distances)
    return accumulator


def score_tracks(motmetrics, ground_truth, tracks):
    """IDF1, ID switches and MOTA of one tracker's output on one sequence."""
    summary = motmetrics.metrics.create().compute(accumulate(motmetrics, ground_truth, tracks), metrics=METRICS)
    row = summary.iloc[0]
    return {"idf1": float(row["idf1"]), "id_switches": int(row["num_switches"]), "mota": float(row["mota"])}


def count_objects(ground_truth):
    return len({truth["id"] for frame in ground_truth for truth in frame})


def score_sequence(supervision, motmetrics, folder: Path):
    """Both trackers on one sequence (ours only when ours.jsonl is there)."""
    description = json.loads((folder / "gt.json").read_text())
    ground_truth, frames = description["ground_truth"], description["frames"]
    raw = read_detection_lines(folder / "raw.jsonl", frames)
    ours_path = folder / "ours.jsonl"
    ours = None
    if ours_path.exists():
        ours = score_tracks(motmetrics, ground_truth, our_tracks(read_detection_lines(ours_path, frames)))
    return {
        "name": description["name"], "motion": description["motion"], "frames": frames,
        "gt_objects": count_objects(ground_truth),
        "ours": ours,
        "supervision": score_tracks(motmetrics, ground_truth, supervision_tracks(supervision, raw, description["fps"])),
    }


def format_pair(ours, theirs, key, pattern):
    left = pattern.format(ours[key]) if ours else "-"
    return f"{left} / {pattern.format(theirs[key])}"


def print_table(results):
    header = ["sequence", "frames", "GT objects", "IDF1 ours / sv", "IDsw ours / sv", "MOTA ours / sv"]
    rows = [[r["name"], str(r["frames"]), str(r["gt_objects"]),
             format_pair(r["ours"], r["supervision"], "idf1", "{:.3f}"),
             format_pair(r["ours"], r["supervision"], "id_switches", "{}"),
             format_pair(r["ours"], r["supervision"], "mota", "{:.3f}")] for r in results]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def goal_met(result):
    ours, theirs = result["ours"], result["supervision"]
    return ours is not None and ours["idf1"] >= theirs["idf1"] and ours["id_switches"] <= theirs["id_switches"]


def command_sequences(arguments):
    out = Path(arguments.out)
    for spec in tracker_sequences.SEQUENCES:
        folder = tracker_sequences.write_sequence(spec, Path(arguments.images), Path(arguments.labels), out)
        print(spec.name, spec.frames, folder / "frames")


def command_score(arguments):
    supervision, motmetrics = import_trackers()
    work = Path(arguments.work)
    folders = sorted(path.parent for path in work.glob("*/gt.json"))
    if not folders:
        raise SystemExit(f"no sequences (*/gt.json) in {work}")
    order = [spec.name for spec in tracker_sequences.SEQUENCES]
    folders.sort(key=lambda f: order.index(f.name) if f.name in order else len(order))
    results = [score_sequence(supervision, motmetrics, folder) for folder in folders]
    print_table(results)
    tracking = all(r["ours"] is not None for r in results)
    summary = {
        "iou_distance_max": IOU_DISTANCE_MAX, "class_aware": False,
        "supervision_version": supervision.__version__, "motmetrics_version": motmetrics.__version__,
        "tracking_available": tracking,
        "goal_met": tracking and all(goal_met(r) for r in results),
        "sequences": results,
    }
    Path(arguments.summary).write_text(json.dumps(summary, indent=2) + "\n")
    for r in results:
        if r["ours"] is not None and not goal_met(r):
            print(f"goal missed on {r['name']}: IDF1 {r['ours']['idf1']:.4f} vs {r['supervision']['idf1']:.4f}, "
                  f"ID switches {r['ours']['id_switches']} vs {r['supervision']['id_switches']}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sequences = commands.add_parser("sequences", help="write the sequences' frames and ground truth")
    sequences.add_argument("--images", required=True)
    sequences.add_argument("--labels", required=True)
    sequences.add_argument("--out", required=True)
    sequences.set_defaults(run=command_sequences)
    score = commands.add_parser("score", help="track, score and summarise")
    score.add_argument("--work", required=True)
    score.add_argument("--summary", required=True)
    score.set_defaults(run=command_score)
    arguments = parser.parse_args()
    arguments.run(arguments)


if __name__ == "__main__":
    main()
