'use client';

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body>
        <main>
          <h1>Something went wrong</h1>
          <p>Reference: {error.digest ?? 'unknown'}</p>
        </main>
      </body>
    </html>
  );
}
