import Testing
@testable import XMLIO

@Suite struct XMLSchemaValidatorTests {
    private let schema = Array("""
    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:element name="case">
        <xs:complexType>
          <xs:sequence><xs:element name="item" maxOccurs="unbounded" type="xs:int"/></xs:sequence>
          <xs:attribute name="id" type="xs:string" use="required"/>
        </xs:complexType>
      </xs:element>
    </xs:schema>
    """.utf8)

    @Test func validDocumentPasses() throws {
        let validator = try XMLSchemaValidator(schema: schema, label: "test.xsd")
        let writer = try XMLWriter()
        try writer.element("case", attributes: ["id": "c1"]) {
            try writer.element("item", text: "1")
            try writer.element("item", text: "2")
        }
        try validator.validate(try writer.finish(), document: "ok.xml")
    }

    @Test func invalidDocumentNamesEveryProblemWithItsLine() throws {
        let validator = try XMLSchemaValidator(schema: schema, label: "test.xsd")
        let bytes = Array("<case>\n<item>one</item>\n<other/>\n</case>".utf8)
        let problems = try validator.problems(in: bytes, document: "bad.xml")
        #expect(problems.count >= 2)
        #expect(problems.contains { $0.line == 2 })
        let error = try #require(throws: XMLError.self) { try validator.validate(bytes, document: "bad.xml") }
        #expect(error.kind == .unexpectedContent)
        #expect(error.description.contains("bad.xml"))
    }

    @Test func brokenSchemaAndMalformedDocumentAreTypedErrors() throws {
        #expect(throws: XMLError.self) { try XMLSchemaValidator(schema: Array("<xs:schema".utf8), label: "broken.xsd") }
        let validator = try XMLSchemaValidator(schema: schema, label: "test.xsd")
        let error = try #require(throws: XMLError.self) { try validator.problems(in: Array("<case id='x'>".utf8), document: "cut.xml") }
        #expect(error.kind == .malformed)
    }
}
