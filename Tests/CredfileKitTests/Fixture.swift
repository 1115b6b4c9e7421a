import CredfileTestSupport
import Foundation

/// A fixture folder under Tests/CredfileKitTests/Fixtures, named after its scenario.
struct Fixture {
    let url: URL

    init(_ scenario: String) {
        url = PeerTool.packageRoot.appendingPathComponent("Tests/CredfileKitTests/Fixtures/\(scenario)")
    }

    func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url.appendingPathComponent(name))) }
    func text(_ name: String) throws -> String { String(decoding: try bytes(name), as: UTF8.self) }
}
