/**
 * The directory presets (Active Directory, its global catalog, OpenLDAP, FreeIPA, lldap, custom):
 * the values each fills in for the GATEHOUSE_LDAP_* variables left unset. Defined in lib/config
 * (which parses them); re-exported here for the admin page.
 *
 * Exported (stable): `DIRECTORY_PRESETS: Record<DirectoryPresetId, DirectoryPreset>`, `DIRECTORY_PRESET_IDS`.
 */
export { DIRECTORY_PRESET_IDS, DIRECTORY_PRESETS, type DirectoryPreset, type DirectoryPresetId } from '../config';
