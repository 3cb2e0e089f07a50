/**
 * The maintenance console (/maintenance): sign-in (account + password on the LAN, PIN on the
 * terminal's own screen after the hidden gesture), then one page with the terminal's status,
 * device history and tests, the configuration form, logs, audit and — when a broker is configured —
 * the fleet view. It polls /maintenance/api/status every 2 s, so a fault shows up on its own.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call } from './api';
import { FleetView } from './fleet-view';
import { ScrollTable } from './scroll-table';
import { consoleText, type ConsoleLang, type ConsoleText } from './text';
import { languages } from '../languages';

type Json = Record<string, any>;
const onKiosk = new URLSearchParams(location.search).has('kiosk');

export function Console() {
  const [lang, setLang] = useState<ConsoleLang>('zh');
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  const t = consoleText[lang];
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t.title;
  }, [lang]);
  useEffect(() => {
    call('GET', '/status').then(
      () => setSignedIn(true),
      () => setSignedIn(false),
    );
  }, []);
  const langButton = (
    <button type="button" class="btn" lang={lang === 'zh' ? 'en' : 'zh-CN'} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
      {t.language}
    </button>
  );
  return (
    <div class="m-shell">
      <header class="m-top">
        <h1>{t.title}</h1>
        <span class="spacer" />
        {langButton}
        {onKiosk && (
          <button type="button" class="btn" onClick={() => void call('POST', '/logout').finally(() => location.assign('/'))}>
            {t.backToKiosk}
          </button>
        )}
      </header>
      <main class="m-main">
        {signedIn === false && <Login t={t} onDone={() => setSignedIn(true)} />}
        {signedIn && <Dashboard t={t} onSignedOut={() => setSignedIn(false)} />}
      </main>
    </div>
  );
}

function Login({ t, onDone }: { t: ConsoleText; onDone: () => void }) {
  const [user, setUser] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call('POST', '/login', onKiosk ? { pin: secret } : { user, password: secret });
      onDone();
    } catch (x) {
      const body = x instanceof ApiError ? x.body.error : undefined;
      const code = body?.code;
      setError(
        code === 'throttled' || code === 'busy'
          ? t.throttled(body?.retryAfterS ?? 1)
          : code === 'bad-credentials'
            ? t.wrong
            : code === 'not-configured'
              ? t.notConfigured
              : x instanceof ApiError && x.status === 403
                ? t.pinLanOnly
                : (body?.message ?? String(x)),
      );
      setSecret('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="m-card m-login" onSubmit={submit}>
      <h2>{t.loginTitle}</h2>
      {!onKiosk && (
        <label class="m-field">
          <span>{t.user}</span>
          <input name="user" autocomplete="username" value={user} onInput={(e) => setUser(e.currentTarget.value)} required />
        </label>
      )}
      <label class="m-field">
        <span>{onKiosk ? t.pin : t.password}</span>
        <input
          name={onKiosk ? 'pin' : 'password'}
          type="password"
          inputMode={onKiosk ? 'numeric' : undefined}
          autocomplete={onKiosk ? 'off' : 'current-password'}
          value={secret}
          onInput={(e) => setSecret(e.currentTarget.value)}
          required
        />
      </label>
      <p class="m-error" role="alert">
        {error ?? ''}
      </p>
      <button class="btn btn-primary" type="submit" disabled={busy}>
        {t.login}
      </button>
    </form>
  );
}

const fmtUptime = (s: number) => `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
const fmtTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** A device status in words, with its code in brackets (what logs, /healthz and the fleet show). */
function deviceText(t: ConsoleText, d: Json): string {
  if (!d) return '—';
  const word = t.deviceState[d.state] ?? String(d.state);
  if (d.state === 'idle') return `${word}，${t.deviceDetail[d.paper] ?? d.paper} (idle, paper ${d.paper})`;
  if (d.state === 'error') return `${t.deviceDetail[d.type] ?? word} (error: ${d.type})`;
  if (d.state === 'present') return `${word} (${(d.devices ?? []).join(', ')})`;
  return `${word} (${d.state})`;
}

function Dashboard({ t, onSignedOut }: { t: ConsoleText; onSignedOut: () => void }) {
  const [status, setStatus] = useState<Json | null>(null);
  const [message, setMessage] = useState<string>('');
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const s = await call<Json>('GET', '/status');
        if (!stopped) setStatus(s);
      } catch (x) {
        if (x instanceof ApiError && x.status === 401) onSignedOut();
      }
    };
    void poll();
    const timer = setInterval(poll, 2000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  if (!status) return <p>…</p>;
  const h = status.health;
  const test = async (kind: string) => {
    setMessage(kind === 'card' || kind === 'scan' ? t.testWaiting : '…');
    try {
      const r = await call<{ ok: boolean; message: string }>('POST', `/test/${kind}`);
      let text = r.message;
      if (kind === 'camera') text += ` · ${await browserCameraTest()}`;
      setMessage(`${r.ok ? '✓' : '✗'} ${text}`);
    } catch (x) {
      setMessage(`✗ ${(x as Error).message}`);
    }
  };
  return (
    <div class="m-grid">
      <section class="m-card" aria-labelledby="h-overview">
        <h2 id="h-overview">{t.overview}</h2>
        <dl class="m-facts">
          <dt>{t.terminal}</dt>
          <dd data-testid="terminal">{h.terminal}</dd>
          <dt>{t.health}</dt>
          <dd data-testid="health" class={h.status === 'ok' ? 'm-ok' : 'm-bad'}>
            {h.status === 'ok' ? t.healthOk : t.healthDegraded}
          </dd>
          <dt>{t.faults}</dt>
          <dd data-testid="faults">{h.faults.length ? h.faults.join(', ') : t.noFaults}</dd>
          <dt>{t.software}</dt>
          <dd>{h.version}</dd>
          <dt>{t.uptime}</dt>
          <dd>{fmtUptime(h.uptimeS)}</dd>
          <dt>{t.configVersion}</dt>
          <dd data-testid="config-version">
            {status.config ? `${status.config.version} · ${t.configState[status.config.state] ?? status.config.state}` : '—'}
          </dd>
          {status.config?.lastRollback && (
            <>
              <dt>{t.rollback}</dt>
              <dd>{`${status.config.lastRollback.version}: ${status.config.lastRollback.reason}`}</dd>
            </>
          )}
          <dt>{t.catalogVersion}</dt>
          <dd>{h.catalog.version ?? '—'}</dd>
          <dt>{t.outbox}</dt>
          <dd data-testid="outbox">{typeof h.outbox?.backlog === 'number' ? String(h.outbox.backlog) : t.outboxNone}</dd>
          <dt>{t.kiosk}</dt>
          <dd>{h.kiosk.connected ? t.connected : t.disconnected}</dd>
        </dl>
      </section>

      <section class="m-card" aria-labelledby="h-devices">
        <h2 id="h-devices">{t.devices}</h2>
        <table class="m-table">
          <tbody>
            {(['idcard', 'printer', 'qr', 'camera'] as const).map((d) => (
              <tr key={d}>
                <th scope="row">{t.device[d]}</th>
                <td data-testid={`device-${d}`}>{deviceText(t, h.devices[d])}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t.tests}</h3>
        <div class="m-buttons">
          <button type="button" class="btn" onClick={() => test('print')}>
            {t.testPrint}
          </button>
          <button type="button" class="btn" onClick={() => test('card')}>
            {t.testCard}
          </button>
          <button type="button" class="btn" onClick={() => test('scan')}>
            {t.testScan}
          </button>
          <button type="button" class="btn" onClick={() => test('camera')}>
            {t.testCamera}
          </button>
        </div>
        <p role="status" data-testid="test-result" class="m-result">
          {message}
        </p>
      </section>

      <ConfigForm t={t} />

      <section class="m-card" aria-labelledby="h-history">
        <h2 id="h-history">{t.history}</h2>
        <ScrollTable label={t.history} testid="history" headers={[t.time, t.deviceCol, t.status]}>
          {status.history.map((e: Json, i: number) => (
            <tr key={i} class={e.fault ? 'm-bad' : ''}>
              <td>{fmtTime(e.at)}</td>
              <td>{t.device[e.device] ?? e.device}</td>
              <td>{deviceText(t, e.status)}</td>
            </tr>
          ))}
        </ScrollTable>
      </section>

      <section class="m-card" aria-labelledby="h-errors">
        <h2 id="h-errors">{t.recentErrors}</h2>
        {status.recentErrors.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <ul>
            {status.recentErrors.map((e: Json, i: number) => (
              <li key={i}>{`${fmtTime(e.time)} ${e.msg}`}</li>
            ))}
          </ul>
        )}
      </section>

      <Logs t={t} />
      <Audit t={t} />

      {status.fleet?.wsUrl && <FleetView t={t} wsUrl={status.fleet.wsUrl} prefix={status.fleet.prefix} />}

      <section class="m-card" aria-labelledby="h-actions">
        <h2 id="h-actions">{t.actions}</h2>
        <div class="m-buttons">
          <button
            type="button"
            class="btn"
            onClick={async () => {
              const r = await call<{ message: string }>('POST', '/restart-browser');
              setMessage(r.message);
            }}
          >
            {t.restartBrowser}
          </button>
          <button
            type="button"
            class="btn"
            onClick={async () => {
              await call('POST', '/logout');
              onSignedOut();
            }}
          >
            {t.logout}
          </button>
        </div>
      </section>
    </div>
  );
}

/** The camera belongs to the browser: on the kiosk's own screen the console can open it and close it again. */
async function browserCameraTest(): Promise<string> {
  if (!navigator.mediaDevices?.getUserMedia) return 'browser: no camera API';
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    const track = stream.getVideoTracks()[0];
    const settings = track?.getSettings();
    stream.getTracks().forEach((tr) => tr.stop());
    return `browser: camera delivers ${settings?.width ?? '?'}×${settings?.height ?? '?'}`;
  } catch (e) {
    return `browser: ${(e as Error).name}`;
  }
}

const setAware = (v: unknown) => (v instanceof Set ? [...v].sort() : v);

function ConfigForm({ t }: { t: ConsoleText }) {
  const [data, setData] = useState<Json | null>(null);
  const [form, setForm] = useState<Json | null>(null);
  const [initial, setInitial] = useState<Json | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    const d = await call<Json>('GET', '/config');
    setData(d);
    const doc = d.document;
    const values = {
      idleTimeoutS: String(doc.session.idleTimeoutS),
      idleWarningS: String(doc.session.idleWarningS),
      doneScreenS: String(doc.session.doneScreenS),
      hoursZh: doc.terminal.hours.zh,
      hoursEn: doc.terminal.hours.en,
      open24h: doc.terminal.open24h,
      services: new Set<string>(doc.services),
      idcard: doc.devices.idcard,
      printer: doc.devices.printer,
      qr: doc.devices.qr,
      languages: new Set<string>(doc.languages ?? ['zh', 'en']),
      elder: doc.accessibility?.elder ?? false,
      voice: doc.accessibility?.voice ?? false,
      // An older document's highContrast: true is the dark high-contrast theme.
      textSize: String(doc.accessibility?.textSize ?? 0),
      contrast: doc.accessibility?.contrast ?? (doc.accessibility?.highContrast ? 'high-dark' : 'default'),
      reach: doc.accessibility?.reach ?? 'standard',
    };
    setForm(values);
    setInitial(values);
  };
  useEffect(() => void load(), []);
  if (!form || !data) return null;
  const set = (k: string, v: unknown) => setForm({ ...form, [k]: v });
  const toggle = (k: 'services' | 'languages', code: string) => {
    const next = new Set<string>(form[k]);
    if (next.has(code)) next.delete(code);
    else next.add(code);
    set(k, next);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setResult({ ok: true, text: t.applying });
    // Only what the technician changed is sent, so the audit log names exactly that.
    const differs = (...keys: string[]) => keys.some((k) => JSON.stringify(setAware(form[k])) !== JSON.stringify(setAware(initial?.[k])));
    const change: Json = {};
    if (differs('idleTimeoutS', 'idleWarningS', 'doneScreenS')) change.session = { idleTimeoutS: Number(form.idleTimeoutS), idleWarningS: Number(form.idleWarningS), doneScreenS: Number(form.doneScreenS) };
    if (differs('hoursZh', 'hoursEn')) change.hours = { zh: form.hoursZh, en: form.hoursEn };
    if (differs('open24h')) change.open24h = form.open24h;
    if (differs('services')) change.services = [...form.services];
    if (differs('idcard', 'printer', 'qr')) change.devices = { idcard: form.idcard, printer: form.printer, qr: form.qr };
    if (differs('languages')) change.languages = (['zh', 'en', 'ug'] as const).filter((l) => form.languages.has(l));
    if (differs('elder', 'voice', 'textSize', 'contrast', 'reach')) {
      const volume = data.document.accessibility?.volume;
      change.accessibility = { elder: form.elder, voice: form.voice, textSize: Number(form.textSize), contrast: form.contrast, reach: form.reach, ...(volume !== undefined ? { volume } : {}) };
    }
    try {
      const r = await call<{ version: string; changed: string[]; restartRequired: string[] }>('PUT', '/config', change);
      setResult({ ok: true, text: t.applied(r.version, r.changed) + (r.restartRequired.length ? ` — ${t.restartNeeded(r.restartRequired)}` : '') });
      await load();
    } catch (x) {
      setResult({ ok: false, text: `${t.refused}: ${(x as Error).message}` });
    } finally {
      setBusy(false);
    }
  };
  const num = (k: string, label: string) => (
    <label class="m-field">
      <span>{label}</span>
      <input name={k} type="number" inputMode="numeric" value={form[k]} onInput={(e) => set(k, e.currentTarget.value)} required />
    </label>
  );
  const text = (k: string, label: string) => (
    <label class="m-field">
      <span>{label}</span>
      <input name={k} value={form[k]} onInput={(e) => set(k, e.currentTarget.value)} required />
    </label>
  );
  const choose = (k: string, label: string, options: [string, string][]) => (
    <label class="m-field">
      <span>{label}</span>
      <select name={k} value={form[k]} onChange={(e) => set(k, e.currentTarget.value)}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  const check = (checked: boolean, label: string, onChange: () => void, name: string) => (
    <label class="m-check">
      <input type="checkbox" name={name} checked={checked} onChange={onChange} />
      <span>{label}</span>
    </label>
  );
  return (
    <section class="m-card m-wide" aria-labelledby="h-config">
      <h2 id="h-config">{t.config}</h2>
      <form onSubmit={submit}>
        <div class="m-cols">
          {num('idleTimeoutS', t.idleTimeout)}
          {num('idleWarningS', t.idleWarning)}
          {num('doneScreenS', t.doneScreen)}
          {text('hoursZh', t.hoursZh)}
          {text('hoursEn', t.hoursEn)}
        </div>
        {check(form.open24h, t.open24h, () => set('open24h', !form.open24h), 'open24h')}
        <fieldset>
          <legend>{t.services}</legend>
          <div class="m-checks">
            {data.bundles.map((b: Json) => check(form.services.has(b.code), b.name.zh, () => toggle('services', b.code), `service-${b.code}`))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t.devicePorts}</legend>
          <div class="m-cols">
            {text('idcard', t.device.idcard!)}
            {text('printer', t.device.printer!)}
            {text('qr', t.device.qr!)}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t.languages}</legend>
          <div class="m-checks">
            {check(form.languages.has('zh'), '简体中文', () => toggle('languages', 'zh'), 'lang-zh')}
            {check(form.languages.has('en'), 'English', () => toggle('languages', 'en'), 'lang-en')}
            {check(form.languages.has('ug'), `ئۇيغۇرچە (维吾尔语 / Uyghur)${languages.ug.machineTranslated ? ` · ${t.machineTranslated}` : ''}`, () => toggle('languages', 'ug'), 'lang-ug')}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t.accessibility}</legend>
          <div class="m-checks">
            {check(form.elder, t.elder, () => set('elder', !form.elder), 'elder')}
            {check(form.voice, t.voice, () => set('voice', !form.voice), 'voice')}
          </div>
          <div class="m-cols">
            {choose('textSize', t.textSize, t.textSizes.map((label, i) => [String(i), label]))}
            {choose('contrast', t.contrast, Object.entries(t.contrasts))}
            {choose('reach', t.reach, Object.entries(t.reaches))}
          </div>
        </fieldset>
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {t.apply}
        </button>
        <p role="status" data-testid="config-result" class={result?.ok === false ? 'm-error' : 'm-result'}>
          {result?.text ?? ''}
        </p>
      </form>
    </section>
  );
}

function Logs({ t }: { t: ConsoleText }) {
  const [lines, setLines] = useState<Json[]>([]);
  useEffect(() => {
    call<{ lines: Json[] }>('GET', '/logs').then((r) => setLines(r.lines.slice(-60).reverse()), () => undefined);
  }, []);
  return (
    <section class="m-card m-wide" aria-labelledby="h-logs">
      <h2 id="h-logs">{t.logs}</h2>
      <a class="btn" href="/maintenance/api/logs/download" download>
        {t.download}
      </a>
      <pre class="m-log" role="log" tabIndex={0} aria-label={t.logs}>
        {lines.map((l) => `${new Date(l.time).toISOString().slice(11, 19)} ${l.level >= 50 ? 'ERROR' : l.level >= 40 ? 'WARN ' : 'INFO '} ${l.msg}`).join('\n')}
      </pre>
    </section>
  );
}

function Audit({ t }: { t: ConsoleText }) {
  const [entries, setEntries] = useState<Json[]>([]);
  useEffect(() => {
    const load = () => call<{ entries: Json[] }>('GET', '/audit').then((r) => setEntries(r.entries.slice(0, 30)), () => undefined);
    void load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, []);
  return (
    <section class="m-card m-wide" aria-labelledby="h-audit">
      <h2 id="h-audit">{t.audit}</h2>
      <ScrollTable label={t.audit} testid="audit" headers={[t.time, t.actor, t.action, t.outcome]}>
        {entries.map((e, i) => (
          <tr key={i}>
            <td>{fmtTime(e.at)}</td>
            <td>{`${e.actor} (${e.via})`}</td>
            <td>{`${e.action}${e.detail?.changed ? `: ${e.detail.changed.join(', ')}` : ''}`}</td>
            <td>{e.outcome}</td>
          </tr>
        ))}
      </ScrollTable>
    </section>
  );
}
