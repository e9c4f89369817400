print("yolo-edge")
