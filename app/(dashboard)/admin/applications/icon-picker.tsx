'use client';
import { useState } from 'react';
import { AppIcon } from '@/components/app-icon';
import { FieldHelp, ShownFieldMarker } from '@/components/forms/field-help';
import { BUILTIN_ICON_LABELS, BUILTIN_ICONS } from '@/lib/applications/builtin-icons';

/**
 * The built-in icons as radio buttons, and "upload" with a file input: the chosen file is read
 * here and sent as base64 (the server checks its bytes; the browser's claimed type is ignored).
 */
export function IconPicker({ initial, uploadedSrc, error }: { initial: string; uploadedSrc?: string; error?: string }) {
  const [icon, setIcon] = useState(initial);
  const [upload, setUpload] = useState('');
  const [preview, setPreview] = useState<string | undefined>(uploadedSrc);
  const choose = (file: File | undefined) => {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      setPreview(url);
      setUpload(url.slice(url.indexOf(',') + 1));
      setIcon('upload');
    };
    reader.readAsDataURL(file);
  };
  const radio = 'peer sr-only';
  const tile =
    'flex flex-col items-center gap-1 rounded-md p-2 text-xs ring-1 ring-zinc-300 peer-checked:ring-2 peer-checked:ring-indigo-600 peer-focus-visible:outline-2 peer-focus-visible:outline-indigo-600 dark:ring-zinc-700 dark:peer-checked:ring-indigo-400';
  return (
    <fieldset aria-describedby={error ? 'field-icon-error' : 'field-icon-description'}>
      <legend className="text-sm font-medium">Icon</legend>
      <div className="mt-2 grid grid-cols-3 gap-2 sm:grid-cols-6">
        {BUILTIN_ICONS.map((name) => (
          <label key={name}>
            <input
              type="radio"
              name="icon"
              value={`builtin:${name}`}
              checked={icon === `builtin:${name}`}
              onChange={() => setIcon(`builtin:${name}`)}
              className={radio}
            />
            <span className={tile}>
              <AppIcon icon={`builtin:${name}`} className="size-6" />
              {BUILTIN_ICON_LABELS[name]}
            </span>
          </label>
        ))}
        <label>
          <input type="radio" name="icon" value="upload" checked={icon === 'upload'} onChange={() => setIcon('upload')} className={radio} />
          <span className={tile}>
            <AppIcon icon="upload" uploadedSrc={preview} className="size-6" />
            Uploaded
          </span>
        </label>
      </div>
      <label htmlFor="field-iconFile" className="mt-3 block text-sm font-medium">
        Upload an icon
      </label>
      <input
        id="field-iconFile"
        type="file"
        accept="image/png,image/jpeg,image/webp"
        onChange={(event) => choose(event.target.files?.[0])}
        className="mt-1 block w-full text-sm"
      />
      <input type="hidden" name="iconUpload" value={upload} />
      <FieldHelp fieldId="field-icon" description="PNG, JPEG or WebP, at most 256 KiB (SVG is not accepted)." error={error} />
      <ShownFieldMarker name="icon" shown />
      <ShownFieldMarker name="iconFile" shown />
      <ShownFieldMarker name="iconUpload" shown />
    </fieldset>
  );
}
