// The test directory's content (test/support/slapd.ts, scripts/bench-ldap.mjs): a service account,
// users under ou=people (one locked by ppolicy, two entries sharing uid "twin", a user whose uid
// holds filter metacharacters), a referral to another server, and groups with a nested one:
//   staff      ← alice, bob, twin ×2, localanna, erin
//   ops        ← alice            (and ops is a member of gh-admins: alice is an admin through it)
//   gh-admins  ← cn=ops
//   paperless  ← bob
// dave is in no group. Passwords are in clear: slapd compares them for a simple bind.

export const SUFFIX = 'dc=example,dc=test';
export const PEOPLE = `ou=people,${SUFFIX}`;
export const GROUPS = `ou=groups,${SUFFIX}`;
export const SERVICE = { dn: `cn=gatehouse,ou=service,${SUFFIX}`, password: 'service-secret' };
export const PASSWORD = 'Directory-pass-1';

/** uid, DN, and what the mapping should read. */
export const USERS = {
  alice: { uid: 'alice', dn: `uid=alice,${PEOPLE}`, mail: 'alice@example.test', cn: 'Alice Liddell', givenName: 'Alice', sn: 'Liddell' },
  bob: { uid: 'bob', dn: `uid=bob,${PEOPLE}`, mail: 'bob@example.test', cn: 'Bob Builder', givenName: 'Bob', sn: 'Builder' },
  carol: { uid: 'carol', dn: `uid=carol,${PEOPLE}`, mail: 'carol@example.test', cn: 'Carol Locked', givenName: 'Carol', sn: 'Locked', locked: true },
  dave: { uid: 'dave', dn: `uid=dave,${PEOPLE}`, mail: 'dave@example.test', cn: 'Dave Outsider', givenName: 'Dave', sn: 'Outsider' },
  erin: { uid: 'erin', dn: `uid=erin,${PEOPLE}`, mail: 'erin@example.test', cn: 'Erin Bench', givenName: 'Erin', sn: 'Bench' },
  localanna: { uid: 'localanna', dn: `uid=localanna,${PEOPLE}`, mail: 'localanna@example.test', cn: 'Anna Directory', givenName: 'Anna', sn: 'Directory' },
  twinA: { uid: 'twin', dn: `uid=twin,${PEOPLE}`, mail: 'twin-a@example.test', cn: 'Twin A', givenName: 'Twin', sn: 'A' },
  twinB: { uid: 'twin', dn: `uid=twin,ou=contractors,${PEOPLE}`, mail: 'twin-b@example.test', cn: 'Twin B', givenName: 'Twin', sn: 'B' },
  star: { uid: 'st*r)(x', dn: `uid=st*r)(x,${PEOPLE}`, mail: 'star@example.test', cn: 'Star Paren', givenName: 'Star', sn: 'Paren' },
};

function entry(dn, lines) {
  return [`dn: ${dn}`, ...lines, ''].join('\n');
}

function person(user) {
  return entry(user.dn, [
    'objectClass: inetOrgPerson',
    `uid: ${user.uid}`,
    `cn: ${user.cn}`,
    `givenName: ${user.givenName}`,
    `sn: ${user.sn}`,
    `mail: ${user.mail}`,
    `userPassword: ${PASSWORD}`,
    ...(user.locked ? ['pwdAccountLockedTime: 000001010000Z'] : []),
  ]);
}

/** Everything but the groups (slapadd), with `extraUsers` (bench) and a referral to `referralUrl`. */
export function baseLdif({ referralUrl, extraUsers = 0 } = {}) {
  const entries = [
    entry(SUFFIX, ['objectClass: dcObject', 'objectClass: organization', 'dc: example', 'o: Example']),
    entry(PEOPLE, ['objectClass: organizationalUnit', 'ou: people']),
    entry(`ou=contractors,${PEOPLE}`, ['objectClass: organizationalUnit', 'ou: contractors']),
    entry(GROUPS, ['objectClass: organizationalUnit', 'ou: groups']),
    entry(`ou=service,${SUFFIX}`, ['objectClass: organizationalUnit', 'ou: service']),
    entry(SERVICE.dn, ['objectClass: organizationalRole', 'objectClass: simpleSecurityObject', 'cn: gatehouse', `userPassword: ${SERVICE.password}`]),
    ...Object.values(USERS).map(person),
  ];
  for (let i = 0; i < extraUsers; i++) {
    const uid = `bench${i}`;
    entries.push(person({ uid, dn: `uid=${uid},${PEOPLE}`, mail: `${uid}@example.test`, cn: `Bench ${i}`, givenName: 'Bench', sn: String(i) }));
  }
  if (referralUrl) {
    entries.push(entry(`ou=elsewhere,${PEOPLE}`, ['objectClass: referral', 'objectClass: extensibleObject', 'ou: elsewhere', `ref: ${referralUrl}`]));
  }
  return entries.join('\n');
}

function group(cn, members) {
  return entry(`cn=${cn},${GROUPS}`, ['objectClass: groupOfNames', `cn: ${cn}`, ...members.map((m) => `member: ${m}`)]);
}

/** The groups, added over LDAP so the memberOf overlay fills in memberOf (inner groups first). */
export function groupsLdif({ extraUsers = 0 } = {}) {
  const bench = Array.from({ length: extraUsers }, (_, i) => `uid=bench${i},${PEOPLE}`);
  return [
    group('ops', [USERS.alice.dn]),
    group('gh-admins', [`cn=ops,${GROUPS}`]),
    group('staff', [USERS.alice.dn, USERS.bob.dn, USERS.twinA.dn, USERS.twinB.dn, USERS.localanna.dn, USERS.erin.dn, USERS.star.dn, ...bench]),
    group('paperless', [USERS.bob.dn]),
  ].join('\n');
}
