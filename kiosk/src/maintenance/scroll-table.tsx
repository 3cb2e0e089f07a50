/** A table in a keyboard-scrollable region, as every list in the console is (history, audit, fleet). */
import type { ComponentChildren } from 'preact';

export function ScrollTable({ label, testid, headers, children }: { label: string; testid: string; headers: string[]; children: ComponentChildren }) {
  return (
    <div class="m-scroll" tabIndex={0} role="region" aria-label={label}>
      <table class="m-table" data-testid={testid}>
        <thead>
          <tr>
            {headers.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
