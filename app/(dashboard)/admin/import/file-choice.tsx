'use client';
import { useState } from 'react';
import { FieldHelp, ShownFieldMarker, describedBy } from '@/components/forms/field-help';
import { sizeText } from './import-limits';

/** base64 of the bytes, in chunks (String.fromCharCode takes a bounded argument list). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

/**
 * A file input whose content goes in a hidden field (server actions take text): as text, or as
 * base64 for a binary file. A file over the limit is refused here, before anything is sent.
 */
export function FileChoice({
  name,
  label,
  accept,
  maxBytes,
  binary = false,
  error,
}: {
  name: string;
  label: string;
  accept: string;
  maxBytes: number;
  binary?: boolean;
  error?: string;
}) {
  const [content, setContent] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [chosen, setChosen] = useState<string | undefined>();
  const id = `field-${name}`;
  async function choose(file: File | undefined) {
    setContent('');
    setChosen(undefined);
    setProblem(undefined);
    if (!file) return;
    if (file.size > maxBytes) {
      setProblem(`${file.name} is ${sizeText(file.size)}; at most ${sizeText(maxBytes)} can be uploaded. Name the folder on the server instead.`);
      return;
    }
    setContent(binary ? toBase64(new Uint8Array(await file.arrayBuffer())) : await file.text());
    setChosen(`${file.name}, ${sizeText(file.size)}`);
  }
  const shown = problem ?? error;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        type="file"
        accept={accept}
        aria-invalid={shown ? true : undefined}
        aria-describedby={describedBy(id, chosen, shown)}
        onChange={(e) => choose(e.target.files?.[0])}
        className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-zinc-100 file:px-3 file:py-1.5 file:text-sm dark:file:bg-zinc-800 dark:file:text-zinc-100"
      />
      <input type="hidden" name={name} value={content} />
      <FieldHelp fieldId={id} description={chosen} error={shown} />
      <ShownFieldMarker name={name} shown />
    </div>
  );
}
