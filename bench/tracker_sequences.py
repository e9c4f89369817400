"""Short synthetic videos over labelled COCO photos, with ground-truth tracks.

A virtual 640x480 camera moves a crop window over a still photo (pan, zoom, pan and
zoom); one sequence also has an occluder, a solid bar that crosses the frame as a
passer-by close to the lens would. Each labelled object of the photo is one
identity; its box moves with the crop transform.

Ground truth per frame, the same for every tracker scored against it:
- a box is the labelled box mapped into the frame and clipped to it;
- an object is left out of a frame while less than half of its (unclipped) box is
  visible, whether the frame edge or the occluder hides the rest. It comes back,
  with the same identity, once half of it is visible again. (No tracker outputs a
  box for an object it cannot see, so counting it then would only add the same
  misses to everyone.)

Used by tracker_quality.py; needs Pillow (in the bench's venv).
"""

import json
import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

FRAME_WIDTH = 640
FRAME_HEIGHT = 480
FPS = 30
JPEG_QUALITY = 90
MIN_VISIBLE_FRACTION = 0.5
OCCLUDER_COLOR = (70, 72, 75)


@dataclass(frozen=True)
class SequenceSpec:
    """One video: a photo of the val set, a camera motion, a length."""
    name: str
    image: str          # file stem in val/images and val/labels
    motion: str         # pan | zoom | panzoom | occluder
    frames: int


# Photos with several labelled objects of useful size (people in a row, sheep, people
# in a crowd); chosen from the labels alone, before any tracker ran on them.
SEQUENCES = [
    SequenceSpec("pan-people", "000000001000", "pan", 48),
    SequenceSpec("zoom-sheep", "000000005992", "zoom", 48),
    SequenceSpec("panzoom-surf", "000000005193", "panzoom", 48),
    SequenceSpec("occluder-crowd", "000000005001", "occluder", 60),
]


@dataclass(frozen=True)
class Crop:
    """The part of the photo one frame shows, in photo pixels."""
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def scale(self) -> float:
        return FRAME_WIDTH / (self.x1 - self.x0)

    def to_frame(self, box):
        """Maps a photo box [x1, y1, x2, y2] into frame pixels (not clipped)."""
        s = self.scale
        return [(box[0] - self.x0) * s, (box[1] - self.y0) * s, (box[2] - self.x0) * s, (box[3] - self.y0) * s]


def smoothstep(t: float) -> float:
    """Eases 0..1 in and out, as a camera operator starts and stops a move."""
    return t * t * (3 - 2 * t)


def crop_size(photo_size, fraction):
    """A 4:3 window `fraction` of the largest that fits in the photo."""
    width, height = photo_size
    crop_height = fraction * min(height, width * FRAME_HEIGHT / FRAME_WIDTH)
    return crop_height * FRAME_WIDTH / FRAME_HEIGHT, crop_height


def crop_at(photo_size, position, fraction) -> Crop:
    """The window of `fraction` at `position`: (0, 0) puts it in the photo's top left corner,
    (1, 1) in the bottom right one, and anything between moves it proportionally."""
    crop_width, crop_height = crop_size(photo_size, fraction)
    x0 = position[0] * (photo_size[0] - crop_width)
    y0 = position[1] * (photo_size[1] - crop_height)
    return Crop(x0, y0, x0 + crop_width, y0 + crop_height)


def crop_centred(photo_size, centre, fraction) -> Crop:
    """The window of `fraction` centred on `centre`, or as near as it fits."""
    crop_width, crop_height = crop_size(photo_size, fraction)
    free = (photo_size[0] - crop_width, photo_size[1] - crop_height)
    position = [(c - size / 2) / span if span > 0 else 0.5
                for c, size, span in zip(centre, (crop_width, crop_height), free)]
    return crop_at(photo_size, [min(max(p, 0.0), 1.0) for p in position], fraction)


def lerp(a, b, t):
    return a + (b - a) * t


def camera_path(spec: SequenceSpec, photo_size, objects_centre):
    """The crop of each frame for the spec's motion; every move runs the whole sequence."""
    crops = []
    for index in range(spec.frames):
        t = index / (spec.frames - 1)
        eased = smoothstep(t)
        if spec.motion == "pan":
            # Left edge to right edge at 70 % of the photo's height.
            crops.append(crop_at(photo_size, (eased, 0.5), 0.7))
        elif spec.motion == "zoom":
            # In to 60 % on the objects and out again.
            crops.append(crop_centred(photo_size, objects_centre, 1 - 0.4 * math.sin(math.pi * t)))
        elif spec.motion == "panzoom":
            # Top left to bottom right while zooming in from 90 % to 55 %.
            crops.append(crop_at(photo_size, (eased, eased), lerp(0.9, 0.55, eased)))
        elif spec.motion == "occluder":
            # A slow, steady pan to the right at 85 %; the occluder is drawn on top (occluder_at).
            crops.append(crop_at(photo_size, (lerp(0.2, 0.8, t), 0.5), 0.85))
        else:
            raise ValueError(f"unknown motion {spec.motion!r} in sequence {spec.name}")
    return crops


def occluder_at(spec: SequenceSpec, index: int):
    """The occluder's box in frame pixels, or None: a full-height bar a fifth of the frame
    wide, crossing from beyond the left edge to beyond the right one over the sequence."""
    if spec.motion != "occluder":
        return None
    bar_width = FRAME_WIDTH / 5
    left = lerp(-bar_width, FRAME_WIDTH, index / (spec.frames - 1))
    return [left, 0.0, left + bar_width, float(FRAME_HEIGHT)]


def read_labels(label_path: Path, photo_size):
    """YOLO labels (class cx cy w h, normalised) as (identity, class_id, [x1, y1, x2, y2]) in photo pixels."""
    width, height = photo_size
    objects = []
    for line_number, line in enumerate(label_path.read_text().splitlines(), start=1):
        fields = line.split()
        if not fields:
            continue
        class_id = int(fields[0])
        cx, cy, w, h = (float(v) for v in fields[1:5])
        box = [(cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height]
        objects.append((line_number, class_id, box))
    return objects


def area(box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def intersection(a, b):
    return [max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])]


def ground_truth_in_frame(objects, crop: Crop, occluder):
    """The objects at least half visible in this frame, with their clipped boxes."""
    frame_box = [0.0, 0.0, float(FRAME_WIDTH), float(FRAME_HEIGHT)]
    visible_objects = []
    for identity, class_id, photo_box in objects:
        box = crop.to_frame(photo_box)
        clipped = intersection(box, frame_box)
        visible = area(clipped)
        if occluder is not None:
            visible -= area(intersection(clipped, occluder))
        if area(box) > 0 and visible >= MIN_VISIBLE_FRACTION * area(box):
            visible_objects.append({"id": identity, "class_id": class_id, "box": [round(v, 2) for v in clipped]})
    return visible_objects


def render_frame(photo: Image.Image, crop: Crop, occluder) -> Image.Image:
    frame = photo.transform(
        (FRAME_WIDTH, FRAME_HEIGHT), Image.Transform.EXTENT, (crop.x0, crop.y0, crop.x1, crop.y1),
        resample=Image.Resampling.BILINEAR)
    if occluder is not None:
        ImageDraw.Draw(frame).rectangle(occluder, fill=OCCLUDER_COLOR)
    return frame


def objects_centre(objects):
    """The centre of the labelled boxes' union: where the zoom aims."""
    boxes = [box for _, _, box in objects]
    return ((min(b[0] for b in boxes) + max(b[2] for b in boxes)) / 2,
            (min(b[1] for b in boxes) + max(b[3] for b in boxes)) / 2)


def write_sequence(spec: SequenceSpec, images: Path, labels: Path, out: Path) -> Path:
    """Writes out/<name>/frames/0000.jpg... and out/<name>/gt.json; returns the sequence folder."""
    image_path = images / f"{spec.image}.jpg"
    label_path = labels / f"{spec.image}.txt"
    for path in (image_path, label_path):
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing (sequence {spec.name})")
    photo = Image.open(image_path).convert("RGB")
    objects = read_labels(label_path, photo.size)
    folder = out / spec.name
    frames_folder = folder / "frames"
    frames_folder.mkdir(parents=True, exist_ok=True)
    ground_truth = []
    for index, crop in enumerate(camera_path(spec, photo.size, objects_centre(objects))):
        occluder = occluder_at(spec, index)
        render_frame(photo, crop, occluder).save(frames_folder / f"{index:04d}.jpg", quality=JPEG_QUALITY)
        ground_truth.append(ground_truth_in_frame(objects, crop, occluder))
    description = {
        "name": spec.name, "image": spec.image, "motion": spec.motion, "frames": spec.frames, "fps": FPS,
        "width": FRAME_WIDTH, "height": FRAME_HEIGHT, "ground_truth": ground_truth,
    }
    (folder / "gt.json").write_text(json.dumps(description))
    return folder
