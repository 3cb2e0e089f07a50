/**
 * /hall — the service-hall staff page of the local back office (前台综合受理、后台分类审批、统一窗口出件):
 * lists applications (masked applicant), moves items through their stages (需补正 / 不予受理 with a
 * reason), and shows help calls (帮办). Server-rendered HTML, no script.
 * Authentication: accounts from config (hall.users, scrypt hashes), a random session cookie
 * (HttpOnly, SameSite=Strict, Path=/hall), a CSRF token in every form, and lock-out of an account
 * after repeated failed passwords.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TerminalConfig } from '../../../core/config/terminal';
import { Stage } from '../../../core/protocol/messages';
import type { Logger } from '../log';
import type { LocalPlatform } from '../platform/local-platform';
import { MAX_BODY_BYTES, sendError } from '../http/routes';
import { verifyAccount } from '../maintenance/auth';

interface StaffSession {
  user: string;
  csrf: string;
  expires: number;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export class HallPage {
  private readonly sessions = new Map<string, StaffSession>();
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(
    private readonly platform: LocalPlatform,
    private readonly config: TerminalConfig,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    if (path === '/hall/login' && method === 'POST') return this.login(req, res);
    const session = this.session(req);
    if (!session) {
      if (method !== 'GET') return sendError(res, 401, 'log in first');
      return this.page(res, 200, '工作人员登录 Staff login', this.loginForm());
    }
    if (method === 'POST') {
      const form = await readForm(req);
      if (!form || !safeEqual(form.get('csrf') ?? '', session.csrf)) return sendError(res, 403, 'missing or wrong form token');
      if (path === '/hall/logout') {
        this.sessions.delete(cookieOf(req) ?? '');
        res.writeHead(303, { location: '/hall', 'set-cookie': 'hall_session=; Path=/hall; HttpOnly; SameSite=Strict; Max-Age=0' });
        return void res.end();
      }
      if (path === '/hall/move') {
        const stage = Stage.safeParse(form.get('stage'));
        const n = form.get('acceptanceNumber') ?? '';
        const item = form.get('itemCode') || null;
        if (!stage.success) return sendError(res, 400, 'unknown stage', 'stage');
        const moved = this.platform.move(n, item, stage.data, form.get('reason') ?? null);
        if (!moved.ok) return this.page(res, 400, '无法变更 Not changed', `<p role="alert">${esc(moved.error)}</p><p><a href="/hall">返回 Back</a></p>`);
        this.logger.info({ user: session.user, acceptanceNumber: n, item, stage: stage.data }, 'hall: item moved');
        res.writeHead(303, { location: '/hall' });
        return void res.end();
      }
      const help = /^\/hall\/help\/(\d+)$/.exec(path);
      if (help) {
        this.platform.handleHelpCall(Number(help[1]));
        this.logger.info({ user: session.user, call: Number(help[1]) }, 'hall: help call handled');
        res.writeHead(303, { location: '/hall' });
        return void res.end();
      }
      return sendError(res, 404, 'no such action');
    }
    if (path !== '/hall') return sendError(res, 404, 'not found');
    return this.page(res, 200, '受理与出件 Applications', this.dashboard(session));
  }

  private session(req: IncomingMessage): StaffSession | null {
    const id = cookieOf(req);
    if (!id) return null;
    const s = this.sessions.get(id);
    if (!s || s.expires < this.now()) {
      if (s) this.sessions.delete(id);
      return null;
    }
    return s;
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const name = form?.get('name') ?? '';
    const password = form?.get('password') ?? '';
    const { attempts, minutes } = this.config.hall.lockout;
    const f = this.failures.get(name) ?? { count: 0, lockedUntil: 0 };
    if (f.lockedUntil > this.now()) {
      this.logger.warn({ user: name.slice(0, 32) }, 'hall: login refused, account locked');
      return this.page(res, 429, '工作人员登录 Staff login', `<p role="alert">账号已锁定，请 ${minutes} 分钟后再试。Account locked; try again in ${minutes} minutes.</p>` + this.loginForm());
    }
    const user = this.config.hall.users.find((u) => u.name === name);
    const good = await verifyAccount(password, user?.hash);
    if (!good) {
      f.count += 1;
      if (f.count >= attempts) {
        f.lockedUntil = this.now() + minutes * 60_000;
        f.count = 0;
      }
      this.failures.set(name, f);
      this.logger.warn({ user: name.slice(0, 32) }, 'hall: failed login');
      return this.page(res, 401, '工作人员登录 Staff login', '<p role="alert">用户名或密码错误。Wrong name or password.</p>' + this.loginForm());
    }
    this.failures.delete(name);
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, { user: name, csrf: randomBytes(16).toString('hex'), expires: this.now() + this.config.hall.sessionMinutes * 60_000 });
    this.logger.info({ user: name }, 'hall: staff logged in');
    res.writeHead(303, { location: '/hall', 'set-cookie': `hall_session=${id}; Path=/hall; HttpOnly; SameSite=Strict; Max-Age=${this.config.hall.sessionMinutes * 60}` });
    res.end();
  }

  private loginForm(): string {
    const none = this.config.hall.users.length === 0
      ? '<p role="note">尚未配置工作人员账号：用 <code>echo 密码 | npx tsx device-bridge/src/fleet/cli.ts hash-password</code> 生成散列，以 {"name":…,"hash":…} 写入 config/terminal.json 的 hall.users。No staff account is configured yet.</p>'
      : '';
    return `${none}<form method="post" action="/hall/login" class="login">
<label for="name">用户名 Name</label><input id="name" name="name" autocomplete="username" required>
<label for="password">密码 Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">登录 Log in</button></form>`;
  }

  private dashboard(s: StaffSession): string {
    const apps = this.platform.hallApplications();
    const calls = this.platform.helpCalls();
    const stageOptions = Stage.options.map((st) => `<option value="${st}">${st}</option>`).join('');
    const rows = apps
      .map((a) =>
        a.items
          .map(
            (i, k) => `<tr>
${k === 0 ? `<th scope="rowgroup" rowspan="${a.items.length}">${esc(a.acceptanceNumber)}<br><span class="sub">${esc(a.bundleName)}<br>${esc(a.applicantMasked)}<br>${esc(a.delivery)} · 承诺 ${esc(a.promisedDate)}${a.commitment ? `<br><span class="tag">告知承诺已签名</span> ${esc(a.commitment.materials.join('、'))}（${a.commitment.strokes} 笔）` : ''}</span></th>` : ''}
<td>${esc(i.name)}${i.instant ? ' <span class="tag">秒批</span>' : ''}<br><span class="sub">${esc(i.department)}</span></td>
<td>${esc(i.dueDate)}</td>
<td><strong>${esc(i.stage)}</strong>${i.reason ? `<br><span class="sub">${esc(i.reason)}</span>` : ''}</td>
<td><form method="post" action="/hall/move" class="move">
<input type="hidden" name="csrf" value="${s.csrf}"><input type="hidden" name="acceptanceNumber" value="${esc(a.acceptanceNumber)}"><input type="hidden" name="itemCode" value="${esc(i.code)}">
<label for="st-${esc(a.acceptanceNumber)}-${k}">阶段 Stage</label><select id="st-${esc(a.acceptanceNumber)}-${k}" name="stage">${stageOptions}</select>
<label for="rs-${esc(a.acceptanceNumber)}-${k}">理由 Reason</label><input id="rs-${esc(a.acceptanceNumber)}-${k}" name="reason" maxlength="200">
<button type="submit">变更 Move</button></form></td></tr>`,
          )
          .join(''),
      )
      .join('');
    const help = calls.length
      ? `<ul>${calls.map((c) => `<li>${esc(c.at)} · ${esc(c.terminalId)} · ${esc(c.context)} ${c.state === 'handled' ? '（已处理 handled）' : c.state === 'withdrawn' ? '（已撤回：办事人已取消或已离开 withdrawn）' : `<form method="post" action="/hall/help/${c.id}" class="inline"><input type="hidden" name="csrf" value="${s.csrf}"><button type="submit">标记已处理 Mark handled</button></form>`}</li>`).join('')}</ul>`
      : '<p>暂无 None.</p>';
    return `<p>工作人员 ${esc(s.user)} <form method="post" action="/hall/logout" class="inline"><input type="hidden" name="csrf" value="${s.csrf}"><button type="submit">退出 Log out</button></form></p>
<h2>帮办呼叫 Help calls</h2>${help}
<h2>申请 Applications (${apps.length})</h2>
<table><caption>最近的申请，申请人已脱敏 Latest applications, applicants masked</caption>
<thead><tr><th scope="col">受理编号 Number</th><th scope="col">事项 Item</th><th scope="col">办结时限 Due</th><th scope="col">阶段 Stage</th><th scope="col">操作 Action</th></tr></thead>
<tbody>${rows || '<tr><td colspan="5">暂无申请 No applications yet</td></tr>'}</tbody></table>`;
  }

  private page(res: ServerResponse, status: number, title: string, body: string): void {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' });
    res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} · ${esc(this.config.terminal.id)}</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;margin:1.5rem;color:#1a1a1a;background:#fff;font-size:16px}h1{font-size:1.5rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #767676;padding:.4rem;text-align:left;vertical-align:top}.sub{color:#4a4a4a;font-size:.9rem}.tag{background:#0b5394;color:#fff;padding:0 .3rem;border-radius:3px}label{display:block;font-size:.85rem;margin-top:.3rem}input,select,button{font:inherit;min-height:2.2rem}button{background:#0b5394;color:#fff;border:0;padding:.3rem .8rem;border-radius:4px;margin-top:.3rem}form.inline{display:inline}.login{max-width:22rem}[role=alert]{color:#a30000;font-weight:bold}</style></head>
<body><header><h1>${esc(title)}</h1><p class="sub">${esc(this.config.terminal.name.zh)} · 本地受理后台 Local back office</p></header><main>${body}</main></body></html>`);
  }
}

function cookieOf(req: IncomingMessage): string | null {
  const m = /(?:^|;\s*)hall_session=([A-Za-z0-9_-]{20,100})/.exec(req.headers.cookie ?? '');
  return m ? m[1]! : null;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(c as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
