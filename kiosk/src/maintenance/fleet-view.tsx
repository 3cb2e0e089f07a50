/**
 * The fleet view: the console subscribes, over MQTT-over-WebSocket (mqtt.js in the browser), to
 * every terminal's retained status and reported state under the fleet prefix. Read-only: signing
 * and publishing stay with the operator's CLI, which holds the key. A broker that wants a login
 * (every real one should) gets the technician's broker account, typed here and kept only in this
 * page's memory — never in the terminal's configuration or the browser's storage.
 */
import { useEffect, useState } from 'preact/hooks';
import { ScrollTable } from './scroll-table';
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

interface BrokerLogin {
  username: string;
  password: string;
}

export function FleetView({ t, wsUrl, prefix }: { t: ConsoleText; wsUrl: string; prefix: string }) {
  const [rows, setRows] = useState<Record<string, Row>>({});
  const [state, setState] = useState<'connecting' | 'connected' | 'error' | 'refused'>('connecting');
  const [login, setLogin] = useState<BrokerLogin | null>(null);
  useEffect(() => {
    setState('connecting');
    let client: { end: (force?: boolean) => void } | null = null;
    let stopped = false;
    void import('mqtt').then((mod) => {
      if (stopped) return;
      // The browser build (dist/mqtt.esm.js) has only a default export holding connect().
      const connect = (mod as unknown as { default?: typeof mod }).default?.connect ?? mod.connect;
      const c = connect(wsUrl, {
        reconnectPeriod: 3000,
        connectTimeout: 8000,
        clientId: `console-${Math.random().toString(16).slice(2, 10)}`,
        ...(login ? { username: login.username, password: login.password } : {}),
      });
      client = c;
      c.on('connect', () => {
        setState('connected');
        c.subscribe([`${prefix}/+/status`, `${prefix}/+/reported`], { qos: 0 });
      });
      c.on('error', (e: Error & { code?: number }) => {
        // CONNACK 4/5 (v3.1.1) or 134/135 (v5): bad user name or password / not authorised.
        if (e.code === 4 || e.code === 5 || e.code === 134 || e.code === 135) {
          setState('refused');
          c.end(true);
        } else setState('error');
      });
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
  }, [wsUrl, prefix, login]);
  const list = Object.values(rows).sort((a, b) => a.terminal.localeCompare(b.terminal));
  const online = list.filter((r) => r.online).length;
  return (
    <section class="m-card m-wide" aria-labelledby="h-fleet">
      <h2 id="h-fleet">{t.fleet}</h2>
      <p role="status" data-testid="fleet-state">
        {state === 'connecting'
          ? t.fleetConnecting
          : state === 'error'
            ? t.fleetError
            : state === 'refused'
              ? t.fleetRefused
              : `${wsUrl} · ${t.online} ${online} / ${list.length}`}
      </p>
      {(state === 'refused' || state === 'error') && <BrokerLoginForm t={t} onLogin={setLogin} />}
      <ScrollTable label={t.fleet} testid="fleet" headers={[t.terminal, t.status, t.group, t.health, t.configVersion, t.catalogVersion, t.lastResult]}>
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
      </ScrollTable>
    </section>
  );
}

function BrokerLoginForm({ t, onLogin }: { t: ConsoleText; onLogin: (l: BrokerLogin) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  return (
    <form
      class="m-fleet-login"
      data-testid="fleet-login"
      onSubmit={(e) => {
        e.preventDefault();
        onLogin({ username, password });
      }}
    >
      <label class="m-field">
        {t.fleetUser}
        <input name="brokerUser" autocomplete="off" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
      </label>
      <label class="m-field">
        {t.fleetPassword}
        <input name="brokerPassword" type="password" autocomplete="off" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <button type="submit" class="btn">
        {t.fleetConnect}
      </button>
    </form>
  );
}
