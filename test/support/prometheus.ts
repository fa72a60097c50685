/** A scrape of /api/metrics parsed with parse-prometheus-text-format, and lookups into it. */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export type Scrape = {
  families: ReturnType<typeof parsePrometheusTextFormat>;
  /** The value of a counter or gauge sample whose labels include `labels` (exactly one must match); 0 when none does. */
  value(name: string, labels?: Record<string, string>): number;
  /** A histogram's sample count. */
  count(name: string): number;
};

export function parseScrape(text: string): Scrape {
  const families = parsePrometheusTextFormat(text);
  const family = (name: string) => {
    const found = families.find((f) => f.name === name);
    if (!found) throw new Error(`no metric ${name} in the scrape`);
    return found;
  };
  return {
    families,
    value(name, labels = {}) {
      const matching = family(name).metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
      if (matching.length > 1) throw new Error(`${matching.length} samples of ${name} match ${JSON.stringify(labels)}`);
      return matching.length ? Number(matching[0]!.value) : 0;
    },
    count(name) {
      return Number(family(name).metrics[0]?.count ?? Number.NaN);
    },
  };
}
