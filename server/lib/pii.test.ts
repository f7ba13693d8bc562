import { PiiProtector, maskAddress, maskIdCard, maskPhone } from './pii';

const protector = new PiiProtector(Buffer.alloc(32, 1));

describe('PiiProtector', () => {
  it('decrypts what it encrypted, and encrypts the same text differently each time', () => {
    const a = protector.encrypt('320102198001011234');
    const b = protector.encrypt('320102198001011234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('320102');
    expect(protector.decrypt(a)).toBe('320102198001011234');
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = protector.encrypt('13905231234').split('.');
    const body = Buffer.from(sealed[3], 'base64url');
    body[0] ^= 1;
    sealed[3] = body.toString('base64url');
    expect(() => protector.decrypt(sealed.join('.'))).toThrow();
  });

  it('cannot be read with another key', () => {
    const other = new PiiProtector(Buffer.alloc(32, 2));
    expect(() => other.decrypt(protector.encrypt('secret'))).toThrow();
  });

  it('hashes the same value the same way under one key, differently under another', () => {
    expect(protector.lookupHash('x')).toBe(protector.lookupHash('x'));
    expect(new PiiProtector(Buffer.alloc(32, 2)).lookupHash('x')).not.toBe(protector.lookupHash('x'));
  });

  it('refuses a short master key', () => {
    expect(() => new PiiProtector(Buffer.alloc(16))).toThrow('32 bytes');
  });
});

describe('masks', () => {
  it('keep only what a list needs', () => {
    expect(maskIdCard('32010219800101123X')).toBe('320***********123X');
    expect(maskPhone('13905231234')).toBe('139****1234');
    expect(maskAddress('平江街道新桥路 26 号 3 幢 201 室')).toBe('平江街道****');
    expect(maskAddress('某路')).toBe('某****');
  });
});
