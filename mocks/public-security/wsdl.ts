import { NS } from './soap';

/** The service description served at `GET /ws/HouseholdService?wsdl` (also the readiness probe). */
export function wsdl(location: string): string {
  const cond = `<xs:complexType name="CXTJ"><xs:sequence>
      <xs:element name="ZJLX" type="xs:string"/><xs:element name="ZJHM" type="xs:string"/>
      <xs:element name="GJDQ" type="xs:string" minOccurs="0"/></xs:sequence></xs:complexType>`;
  const person = `<xs:complexType name="RYXX"><xs:sequence>
      <xs:element name="ZJLX" type="xs:string"/><xs:element name="ZJHM" type="xs:string"/>
      <xs:element name="GJDQ" type="xs:string"/><xs:element name="XM" type="xs:string"/>
      <xs:element name="YWXM" type="xs:string" nillable="true"/><xs:element name="XB" type="xs:string"/>
      <xs:element name="CSRQ" type="xs:string"/><xs:element name="HJDZ" type="xs:string" nillable="true"/>
      <xs:element name="FQSFZH" type="xs:string" nillable="true"/><xs:element name="MQSFZH" type="xs:string" nillable="true"/>
      <xs:element name="ZNSFZHLB"><xs:complexType><xs:sequence>
        <xs:element name="ZNSFZH" type="xs:string" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
    </xs:sequence></xs:complexType>`;
  const result = `<xs:complexType name="JG"><xs:sequence>
      <xs:element name="XH" type="xs:int"/><xs:element name="FHDM" type="xs:string"/><xs:element name="FHXX" type="xs:string"/>
      <xs:element name="RYXX" type="tns:RYXX" minOccurs="0"/></xs:sequence></xs:complexType>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="${NS}" targetNamespace="${NS}" name="HouseholdService">
  <wsdl:types><xs:schema targetNamespace="${NS}" elementFormDefault="qualified">
    ${cond}
    ${person}
    ${result}
    <xs:element name="QueryPerson"><xs:complexType><xs:sequence><xs:element name="CXTJ" type="tns:CXTJ"/></xs:sequence></xs:complexType></xs:element>
    <xs:element name="QueryPersonResponse"><xs:complexType><xs:sequence><xs:element name="JG" type="tns:JG"/></xs:sequence></xs:complexType></xs:element>
    <xs:element name="QueryPersonBatch"><xs:complexType><xs:sequence><xs:element name="CXTJLB"><xs:complexType><xs:sequence>
      <xs:element name="CXTJ" type="tns:CXTJ" maxOccurs="50"/></xs:sequence></xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>
    <xs:element name="QueryPersonBatchResponse"><xs:complexType><xs:sequence><xs:element name="JGLB"><xs:complexType><xs:sequence>
      <xs:element name="JG" type="tns:JG" maxOccurs="50"/></xs:sequence></xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>
  </xs:schema></wsdl:types>
  <wsdl:message name="QueryPersonIn"><wsdl:part name="parameters" element="tns:QueryPerson"/></wsdl:message>
  <wsdl:message name="QueryPersonOut"><wsdl:part name="parameters" element="tns:QueryPersonResponse"/></wsdl:message>
  <wsdl:message name="QueryPersonBatchIn"><wsdl:part name="parameters" element="tns:QueryPersonBatch"/></wsdl:message>
  <wsdl:message name="QueryPersonBatchOut"><wsdl:part name="parameters" element="tns:QueryPersonBatchResponse"/></wsdl:message>
  <wsdl:portType name="HouseholdPortType">
    <wsdl:operation name="QueryPerson"><wsdl:input message="tns:QueryPersonIn"/><wsdl:output message="tns:QueryPersonOut"/></wsdl:operation>
    <wsdl:operation name="QueryPersonBatch"><wsdl:input message="tns:QueryPersonBatchIn"/><wsdl:output message="tns:QueryPersonBatchOut"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="HouseholdBinding" type="tns:HouseholdPortType">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="QueryPerson"><soap:operation soapAction="${NS}/QueryPerson"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
    <wsdl:operation name="QueryPersonBatch"><soap:operation soapAction="${NS}/QueryPersonBatch"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="HouseholdService"><wsdl:port name="HouseholdPort" binding="tns:HouseholdBinding">
    <soap:address location="${location}"/></wsdl:port></wsdl:service>
</wsdl:definitions>
`;
}
