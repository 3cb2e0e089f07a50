/**
 * The fleet view: the console subscribes, over MQTT-over-WebSocket (mqtt.js in the browser), to
 * every terminal's retained status and reported state under the fleet prefix. Read-only: signing
 * and publishing stay with the operator's CLI, which holds the key.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleText } from './text';

interface Row {
  terminal: string;
  online?: boolean;
  group?: string;
  health?: string;
  faults?: string[];
  config?: string;
  catalog?: string | null;
  results?: Record<string, { version: number; outcome: string; reason?: string }>;
}

export function FleetView({ t, wsUrl, prefix }: { t: ConsoleText; wsUrl: string; prefix: string }) {
  const [rows, setRows] = useState<Record<string, Row>>({});
  const [state, setState] = useState<'connecting' | 'connected' | 'error'>('connecting');
  useEffect(() => {
    let client: { end: (force?: boolean) => void } | null = null;
    let stopped = false;
    void import('mqtt').then((mod) => {
      if (stopped) return;
      // The browser build (dist/mqtt.esm.js) has only a default export holding connect().
      const connect = (mod as unknown as { default?: typeof mod }).default?.connect ?? mod.connect;
      const c = connect(wsUrl, { reconnectPeriod: 3000, connectTimeout: 8000, clientId: `console-${Math.random().toString(16).slice(2, 10)}` });
      client = c;
      c.on('connect', () => {
        setState('connected');
        c.subscribe([`${prefix}/+/status`, `${prefix}/+/reported`], { qos: 0 });
      });
      c.on('error', () => setState('error'));
      c.on('offline', () => setState('error'));
      c.on('message', (topic: string, payload: Uint8Array) => {
        const m = /\/([A-Za-z0-9-]+)\/(status|reported)$/.exec(topic);
        if (!m || payload.length === 0) return;
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
        } catch {
          return;
        }
        const id = m[1]!;
        setRows((prev) => {
          const row: Row = { ...(prev[id] ?? { terminal: id }) };
          if (m[2] === 'status') Object.assign(row, body, { terminal: id });
          else row.results = body.results as Row['results'];
          return { ...prev, [id]: row };
        });
      });
    });
    return () => {
      stopped = true;
      client?.end(true);
    };
  }, [wsUrl, prefix]);
  const list = Object.values(rows).sort((a, b) => a.terminal.localeCompare(b.terminal));
  const online = list.filter((r) => r.online).length;
  return (
    <section class="m-card m-wide" aria-labelledby="h-fleet">
      <h2 id="h-fleet">{t.fleet}</h2>
      <p role="status" data-testid="fleet-state">
        {state === 'connecting' ? t.fleetConnecting : state === 'error' ? t.fleetError : `${wsUrl} · ${t.online} ${online} / ${list.length}`}
      </p>
      <div class="m-scroll" tabIndex={0} role="region" aria-label={t.fleet}>
        <table class="m-table" data-testid="fleet">
          <thead>
            <tr>
              <th scope="col">{t.terminal}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.group}</th>
              <th scope="col">{t.health}</th>
              <th scope="col">{t.configVersion}</th>
              <th scope="col">{t.catalogVersion}</th>
              <th scope="col">{t.lastResult}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.terminal} class={r.online ? '' : 'm-bad'}>
                <td>{r.terminal}</td>
                <td>{r.online ? t.online : t.offline}</td>
                <td>{r.group ?? '—'}</td>
                <td>{r.health ? `${r.health}${r.faults?.length ? ` (${r.faults.join(', ')})` : ''}` : '—'}</td>
                <td>{r.config ?? '—'}</td>
                <td>{r.catalog ?? '—'}</td>
                <td>
                  {Object.entries(r.results ?? {})
                    .map(([topic, x]) => `${topic.slice(prefix.length + 1)} v${x.version} ${x.outcome}${x.reason ? ` (${x.reason.slice(0, 50)})` : ''}`)
                    .join('; ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
