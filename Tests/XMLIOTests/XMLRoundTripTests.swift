import Testing
@testable import XMLIO

@Suite struct XMLRoundTripTests {
    @Test func writtenDocumentParsesBackWithEscapingAndOrder() throws {
        let writer = try XMLWriter(label: "round trip")
        try writer.element("case", attributes: ["id": "C-1", "note": "a < b & \"c\""]) {
            try writer.element("item", attributes: ["n": "1"], text: "x & y <z>")
            try writer.comment("made by a test")
            try writer.element("item", attributes: ["n": "2"])
            try writer.element("name", text: "Zoë Łukasz 王涛")
        }
        let bytes = try writer.finish()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
        #expect(text.contains("&amp;"))

        let root = try XMLDocumentReader().parse(bytes, document: "round trip")
        #expect(root.name == "case")
        #expect(root[attribute: "note"] == "a < b & \"c\"")
        #expect(root.children("item").map { $0[attribute: "n"] } == ["1", "2"])
        #expect(root.child("item")?.text == "x & y <z>")
        #expect(root.child("name")?.text == "Zoë Łukasz 王涛")
        #expect(try root.children("item")[1].requireInt("n", in: "t") == 2)
    }

    @Test func sameCallsGiveSameBytes() throws {
        func make() throws -> [UInt8] {
            let w = try XMLWriter()
            try w.element("a", attributes: ["b": "1"]) { try w.element("c", text: "d") }
            return try w.finish()
        }
        #expect(try make() == make())
    }

    @Test func controlCharactersAreRefusedWhenWriting() throws {
        let writer = try XMLWriter()
        try writer.start("a")
        #expect(throws: XMLError.self) { try writer.text("bell \u{7}") }
        #expect(throws: XMLError.self) { try writer.comment("a -- b") }
    }

    @Test func finishWithOpenElementFails() throws {
        let writer = try XMLWriter()
        try writer.start("a")
        #expect(throws: XMLError.self) { _ = try writer.finish() }
        #expect(throws: XMLError.self) { try XMLWriter().end() }
    }
}
