import Testing
@testable import XMLIO

@Suite struct XMLSafeParsingTests {
    private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func malformedDocumentReportsLine() throws {
        let error = try #require(throws: XMLError.self) {
            try XMLDocumentReader().parse(bytes("<a>\n<b>\n</a>"), document: "broken.xml")
        }
        #expect(error.kind == .malformed)
        #expect(error.line != nil)
        #expect(error.description.contains("broken.xml"))
    }

    @Test func doctypeIsRefusedByDefault() throws {
        let billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
        <lolz>&lol2;</lolz>
        """
        let error = try #require(throws: XMLError.self) { try XMLDocumentReader().parse(bytes(billionLaughs), document: "x") }
        #expect(error.kind == .doctypeRefused)
    }

    @Test func externalEntityIsNeverExpandedEvenWhenDoctypeAllowed() throws {
        let xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
        <r>&secret;</r>
        """
        let reader = XMLDocumentReader(allowDoctype: true)
        let error = try #require(throws: XMLError.self) { try reader.parse(bytes(xxe), document: "xxe.xml") }
        #expect(error.kind == .unexpectedContent)
    }

    @Test func optionsNeverIncludeEntitySubstitutionOrDTDLoading() {
        let options = XMLDocumentReader.parserOptions
        #expect(options & 2 == 0)      // XML_PARSE_NOENT
        #expect(options & 4 == 0)      // XML_PARSE_DTDLOAD
        #expect(options & 2048 != 0)   // XML_PARSE_NONET
    }

    @Test func sizeLimitAndEmptyInput() throws {
        let small = XMLDocumentReader(maxBytes: 10)
        #expect(throws: XMLError.self) { try small.parse(bytes("<a>0123456789</a>"), document: "big") }
        #expect(throws: XMLError.self) { try XMLDocumentReader().parse([], document: "empty") }
        #expect(throws: XMLError.self) { try XMLDocumentReader().parse(contentsOf: "/nonexistent/dir/x.xml") }
    }

    @Test func cdataAndPrefixedNamesAreKept() throws {
        let root = try XMLDocumentReader().parse(bytes("<r xmlns:p=\"urn:x\"><p:i p:k=\"v\"><![CDATA[a<b]]></p:i></r>"), document: "d")
        let item = try #require(root.children.first)
        #expect(item.name == "p:i")
        #expect(item[attribute: "p:k"] == "v")
        #expect(item.text == "a<b")
    }
}
