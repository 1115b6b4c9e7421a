import Testing
@testable import CredfileYAML

/// Inline YAML with position markers, after swift-format's `MarkedText`: write `1️⃣` (any
/// keycap digit) where a diagnostic must point; the markers are stripped and their positions
/// recorded in the stripped text.
///
/// Positions are computed here independently of the loader's `SourceMap`: 1-based line (LF
/// only, which is all the tests use around markers), 1-based column in Unicode scalars,
/// 0-based UTF-8 byte offset.
struct MarkedText {
    /// The text without markers.
    let text: String
    /// Marker name (e.g. "1️⃣") to its position in `text`.
    let markers: [String: SourcePosition]

    /// The UTF-8 bytes of `text`.
    var bytes: [UInt8] { Array(text.utf8) }

    init(_ marked: String) {
        var text = ""
        var markers: [String: SourcePosition] = [:]
        var position = SourcePosition(offset: 0, line: 1, column: 1)
        var scalars = marked.unicodeScalars[...]
        while let scalar = scalars.first {
            if let name = Self.marker(at: scalars) {
                markers[name] = position
                scalars = scalars.dropFirst(3)
                continue
            }
            text.unicodeScalars.append(scalar)
            position.offset += String(scalar).utf8.count
            if scalar == "\n" {
                position.line += 1
                position.column = 1
            } else {
                position.column += 1
            }
            scalars = scalars.dropFirst()
        }
        self.text = text
        self.markers = markers
    }

    /// The position of marker `name`; fails the test through a trap if it is missing.
    subscript(_ name: String) -> SourcePosition {
        guard let position = markers[name] else { fatalError("no marker \(name) in the text") }
        return position
    }

    /// A keycap digit: digit, U+FE0F, U+20E3.
    private static func marker(at scalars: Substring.UnicodeScalarView) -> String? {
        let three = Array(scalars.prefix(3))
        guard three.count == 3, ("0"..."9").contains(three[0]), three[1] == "\u{FE0F}", three[2] == "\u{20E3}" else {
            return nil
        }
        var name = ""
        name.unicodeScalars.append(contentsOf: three)
        return name
    }
}

/// Loads a marked document and expects it to fail with `kind` and `message` exactly at `1️⃣`.
func check(
    _ marked: String, _ kind: YAMLError.Kind, _ message: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let text = MarkedText(marked)
    let error = loadError(text.bytes)
    #expect(error?.kind == kind, "\(text.text)", sourceLocation: sourceLocation)
    #expect(error?.message == message, "\(text.text)", sourceLocation: sourceLocation)
    #expect(error?.position == text["1️⃣"], "\(text.text)", sourceLocation: sourceLocation)
}

/// Loads `text`'s bytes and returns the thrown `YAMLError`, or nil if the load succeeded.
func loadError(_ bytes: [UInt8], limits: YAMLLoadLimits = YAMLLoadLimits()) -> YAMLError? {
    do {
        _ = try YAMLLoader.load(bytes, limits: limits)
        return nil
    } catch let error as YAMLError {
        return error
    } catch {
        return YAMLError(.internal, "unexpected error type \(type(of: error))", at: SourcePosition(offset: 0, line: 0, column: 0))
    }
}

/// The source bytes a node covers, as a string.
func slice(_ document: YAMLDocument, _ range: SourceRange) -> String {
    String(decoding: document.source[range.byteRange], as: UTF8.self)
}
