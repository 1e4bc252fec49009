import { XMLParser } from 'fast-xml-parser';

/** The small part of XML-RPC supervisord needs: scalar params out; scalars, arrays, structs and faults back. */
export type XmlRpcParam = string | number | boolean;
export type XmlRpcValue =
  | string
  | number
  | boolean
  | null
  | XmlRpcValue[]
  | { [member: string]: XmlRpcValue };
export type XmlRpcReply =
  | { ok: true; value: XmlRpcValue }
  | { ok: false; faultCode: number; faultString: string };

export function encodeMethodCall(method: string, params: readonly XmlRpcParam[]): string {
  const encoded = params.map((param) => `<param><value>${encodeScalar(param)}</value></param>`).join('');
  return `<?xml version="1.0"?><methodCall><methodName>${escapeXml(method)}</methodName><params>${encoded}</params></methodCall>`;
}

function encodeScalar(param: XmlRpcParam): string {
  if (typeof param === 'boolean') return `<boolean>${param ? 1 : 0}</boolean>`;
  if (typeof param === 'number') {
    if (!Number.isInteger(param)) return `<double>${param}</double>`;
    return `<int>${param}</int>`;
  }
  return `<string>${escapeXml(param)}</string>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: true,
  isArray: (_name, jpath) => String(jpath).endsWith('.member') || String(jpath).endsWith('.data.value'),
});

export class XmlRpcDecodeError extends Error {}

/** Parses a `methodResponse`; throws XmlRpcDecodeError when the reply is not one. */
export function decodeMethodResponse(xml: string): XmlRpcReply {
  const document = parser.parse(xml) as Record<string, unknown>;
  const response = asRecord(document.methodResponse, 'methodResponse');
  if ('fault' in response) {
    const fault = decodeValue(asRecord(response.fault, 'fault').value);
    if (fault === null || typeof fault !== 'object' || Array.isArray(fault))
      throw new XmlRpcDecodeError('a fault without a struct');
    return { ok: false, faultCode: Number(fault.faultCode), faultString: String(fault.faultString ?? '') };
  }
  const param = asRecord(asRecord(response.params, 'params').param, 'param');
  return { ok: true, value: decodeValue(param.value) };
}

function decodeValue(node: unknown): XmlRpcValue {
  // A value with no type element is a string.
  if (node === undefined || node === '') return '';
  if (typeof node === 'string') return node;
  const typed = asRecord(node, 'value');
  const [type, content] = Object.entries(typed)[0] ?? [];
  switch (type) {
    case 'string':
      return String(content ?? '');
    case 'int':
    case 'i4':
    case 'i8':
    case 'double':
      return Number(content);
    case 'boolean':
      return String(content) === '1';
    case 'nil':
      return null;
    case 'array': {
      const data = asRecord(content === '' ? { data: {} } : content, 'array').data;
      const values = data === '' || data === undefined ? [] : (asRecord(data, 'data').value ?? []);
      return (values as unknown[]).map(decodeValue);
    }
    case 'struct': {
      const members = content === '' ? [] : ((asRecord(content, 'struct').member ?? []) as unknown[]);
      return Object.fromEntries(
        members.map((member) => {
          const { name, value } = asRecord(member, 'member');
          return [String(name), decodeValue(value)];
        }),
      );
    }
    default:
      // dateTime.iso8601 and base64 stay text: supervisord sends neither for the calls used here.
      return String(content ?? '');
  }
}

function asRecord(node: unknown, what: string): Record<string, unknown> {
  if (node === null || typeof node !== 'object' || Array.isArray(node))
    throw new XmlRpcDecodeError(`not an XML-RPC reply: no ${what}`);
  return node as Record<string, unknown>;
}
