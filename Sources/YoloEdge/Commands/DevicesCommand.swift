import ArgumentParser
import Capture

/// `yolo-edge devices`: the cameras on this machine and what they offer, one line per format;
/// then the cameras libcamera drives, where GStreamer's libcamera plugin is installed.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List V4L2 cameras with their formats, sizes and frame rates, and libcamera cameras.",
        discussion: """
            libcamera cameras (Raspberry Pi CSI cameras; USB cameras appear there too) are listed \
            when GStreamer and its libcamera plugin (Debian: gstreamer1.0-libcamera) are installed, \
            each with the --source spec that opens it.
            """)

    @Option(name: .long, help: "Describe only this device (a /dev/videoN or /dev/v4l/by-id path).")
    var device: String?

    @Flag(name: .long, help: "Also list formats that libv4l produces by software conversion.")
    var all = false

    func run() throws {
        let cameras: [CameraDescription]
        if let device {
            do {
                cameras = [try CameraDirectory.describe(path: device)]
            } catch {
                throw ValidationError(error.description)
            }
        } else {
            cameras = CameraDirectory.cameras()
        }
        if cameras.isEmpty {
            print("No V4L2 capture devices found.")
        }
        for camera in cameras {
            print(summary(of: camera))
            for format in camera.formats where all || !format.isEmulated {
                print("  " + summary(of: format))
            }
        }
        if device == nil { listLibcameraCameras() }
    }

    /// Lists libcamera's cameras; says nothing where GStreamer or its libcamera plugin is
    /// missing, as on most machines with USB cameras only.
    private func listLibcameraCameras() {
        guard (try? GStreamerLibrary.load()) != nil, let names = GStreamerLibrary.libcameraCameras() else { return }
        if names.isEmpty {
            print("No libcamera cameras found.")
        }
        for name in names {
            print("libcamera camera \(name)\n  --source 'libcamera:\(name)' (its default size; append :WIDTHxHEIGHT for another)")
        }
    }

    private func summary(of camera: CameraDescription) -> String {
        let info = camera.capabilities
        var line = "\(camera.path): \(info.card) (driver \(info.driver), \(info.busInfo))"
        for alias in camera.aliases {
            line += "\n  alias \(alias)"
        }
        return line
    }

    /// "YUYV  YUYV 4:2:2: 640x480@5-25 1280x720@5-25", or a range for stepwise sizes.
    private func summary(of format: FormatDescription) -> String {
        let converted = format.isEmulated ? " [converted]" : ""
        let sizes: String
        switch format.sizes {
        case .discrete(let list):
            sizes = list.map { $0.rates == .unknown ? "\($0.size)" : "\($0.size)@\($0.rates)" }
                .joined(separator: " ")
        case .stepwise(let minimum, let maximum, let step):
            sizes = "\(minimum) to \(maximum) step \(step)"
        }
        return "\(format.format)  \(format.name)\(converted): \(sizes)"
    }
}
