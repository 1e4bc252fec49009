import { describe, expect, it } from 'vitest';
import {
  decodeMethodResponse,
  encodeMethodCall,
  XmlRpcDecodeError,
} from '../../../src/executors/supervisor/xml-rpc.js';

/** Replies as supervisord (Python's xmlrpc.client) writes them: one element a line. */
const reply = (value: string) =>
  `<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value>${value}</value>\n</param>\n</params>\n</methodResponse>\n`;

describe('XML-RPC', () => {
  it('encodes a call with escaped strings, booleans and ints', () => {
    expect(encodeMethodCall('supervisor.stopProcess', ['a<b>&c', true, 7])).toBe(
      '<?xml version="1.0"?><methodCall><methodName>supervisor.stopProcess</methodName><params>' +
        '<param><value><string>a&lt;b&gt;&amp;c</string></value></param>' +
        '<param><value><boolean>1</boolean></value></param>' +
        '<param><value><int>7</int></value></param></params></methodCall>',
    );
  });

  it('decodes a struct with strings, ints, empty strings and arrays', () => {
    const struct =
      '<struct>\n<member>\n<name>name</name>\n<value><string>web &amp; co</string></value>\n</member>\n' +
      '<member>\n<name>pid</name>\n<value><int>4242</int></value>\n</member>\n' +
      '<member>\n<name>spawnerr</name>\n<value><string></string></value>\n</member>\n' +
      '<member>\n<name>bare</name>\n<value>text</value>\n</member>\n' +
      '<member>\n<name>one</name>\n<value><array><data>\n<value><i4>1</i4></value>\n</data></array></value>\n</member>\n' +
      '<member>\n<name>none</name>\n<value><array><data>\n</data></array></value>\n</member>\n</struct>';
    expect(decodeMethodResponse(reply(struct))).toEqual({
      ok: true,
      value: { name: 'web & co', pid: 4242, spawnerr: '', bare: 'text', one: [1], none: [] },
    });
    expect(decodeMethodResponse(reply('<boolean>1</boolean>'))).toEqual({ ok: true, value: true });
  });

  it('decodes a fault', () => {
    const fault =
      "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n" +
      '<member>\n<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n' +
      '<member>\n<name>faultString</name>\n<value><string>BAD_NAME: nope</string></value>\n</member>\n' +
      '</struct></value>\n</fault>\n</methodResponse>\n';
    expect(decodeMethodResponse(fault)).toEqual({ ok: false, faultCode: 10, faultString: 'BAD_NAME: nope' });
  });

  it('refuses what is not a method response', () => {
    expect(() => decodeMethodResponse('<html><body>proxy error</body></html>')).toThrow(XmlRpcDecodeError);
  });
});
