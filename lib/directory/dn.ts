/** Reading DNs the directory returned (RFC 4514). Gatehouse never builds a DN from what a user typed. */

/** The value of a DN's first RDN, unescaped: "cn=Domain Admins,cn=Users,dc=…" → "Domain Admins". Null when it is not one. */
export function firstRdnValue(dn: string): { attribute: string; value: string } | null {
  const eq = dn.indexOf('=');
  if (eq <= 0) return null;
  const attribute = dn.slice(0, eq).trim();
  let value = '';
  for (let i = eq + 1; i < dn.length; i++) {
    const c = dn[i]!;
    if (c === ',' || c === '+') break;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = dn.slice(i + 1, i + 3);
    if (/^[0-9a-fA-F]{2}$/.test(next)) {
      // Hex pairs are bytes of UTF-8: collect the run and decode it together.
      const bytes: number[] = [];
      while (dn[i] === '\\' && /^[0-9a-fA-F]{2}$/.test(dn.slice(i + 1, i + 3))) {
        bytes.push(Number.parseInt(dn.slice(i + 1, i + 3), 16));
        i += 3;
      }
      value += Buffer.from(bytes).toString('utf8');
      i--;
    } else if (i + 1 < dn.length) {
      value += dn[i + 1];
      i++;
    } else return null;
  }
  const trimmed = value.trim();
  return trimmed ? { attribute, value: trimmed } : null;
}
