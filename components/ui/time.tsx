/** A date shown in UTC with a machine-readable attribute; identical on server and client. */
export function Time({ value, withSeconds = false }: { value: Date | string | null | undefined; withSeconds?: boolean }) {
  if (!value) return <span className="text-zinc-500">—</span>;
  const date = typeof value === 'string' ? new Date(value) : value;
  const iso = date.toISOString();
  const text = `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)} UTC`;
  return <time dateTime={iso}>{text}</time>;
}
