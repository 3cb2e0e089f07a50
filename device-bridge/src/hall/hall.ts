/**
 * /hall — the service-hall staff page of the local back office (前台综合受理、后台分类审批、统一窗口出件):
 * lists applications (masked applicant), moves items through their stages (需补正 / 不予受理 with a
 * reason), and shows help calls (帮办). Server-rendered HTML, no script.
 * Authentication: the staff accounts of `hall.users` through the shared `StaffAuth` (scrypt, growing
 * delays per address and per account instead of a lock, bounded memory), a random session cookie
 * (HttpOnly, SameSite=Strict, Path=/hall), and a CSRF token (@fastify/csrf-protection, its secret in
 * an HttpOnly SameSite=Strict cookie) in every form, the log-in form included. Forms are
 * application/x-www-form-urlencoded only (415 otherwise), at most `bodyLimits.HALL_FORM` bytes.
 * The routes live in one Fastify scope with `requireSession` as a hook: a live-update route
 * (SSE or WebSocket) is one more `scope.get('/hall/…', { preHandler: requireSession }, …)`.
 */
import csrf from '@fastify/csrf-protection';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TerminalConfig } from '../../../core/config/terminal';
import { Stage } from '../../../core/protocol/messages';
import { StaffAuth, type StaffSession } from '../auth/staff-auth';
import { acceptForms, bodyLimits, loginRateLimit, sendError, type HttpApp } from '../http/app';
import type { Logger } from '../log';
import type { LocalPlatform } from '../platform/local-platform';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const HALL_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const SESSION_COOKIE = 'hall_session';
/** Set at a successful log-in: this browser's own throttle key (see StaffAuth.login). */
const DEVICE_COOKIE = 'hall_device';
export const DEVICE_COOKIE_DAYS = 30;

const LoginForm = z.object({ name: z.string().max(64), password: z.string().max(256), csrf: z.string().max(200).optional() });
const TokenForm = z.object({ csrf: z.string().max(200).optional() }).passthrough();
const MoveForm = z.object({
  csrf: z.string().max(200).optional(),
  acceptanceNumber: z.string().max(64),
  itemCode: z.string().max(64).optional(),
  stage: z.string().max(32),
  reason: z.string().max(200).optional(),
});

export class HallPage {
  readonly auth: StaffAuth;

  constructor(
    private readonly platform: LocalPlatform,
    private readonly config: TerminalConfig,
    private readonly logger: Logger,
    now: () => number = Date.now,
  ) {
    this.auth = new StaffAuth({
      accounts: () => ({
        users: config.hall.users,
        sessionTtlS: config.hall.sessionMinutes * 60,
        freeFailures: config.hall.lockout.attempts,
        forgetMs: config.hall.lockout.minutes * 60_000,
      }),
      audit: (e) =>
        e.outcome === 'ok' ? logger.info({ user: e.actor }, 'hall: staff logged in') : logger.warn({ user: e.actor, reason: e.reason }, 'hall: login refused'),
      now,
    });
  }

  /** Registers /hall and /hall/* on the kiosk's listener. */
  async register(app: HttpApp): Promise<void> {
    await app.register(async (scope) => {
      acceptForms(scope);
      await scope.register(csrf, {
        cookieKey: 'hall_csrf',
        cookieOpts: { path: '/hall', sameSite: 'strict', httpOnly: true },
        getToken: (req) => (req.body as { csrf?: string } | undefined)?.csrf,
      });
      const form = { bodyLimit: bodyLimits.HALL_FORM };
      const requireSession = async (req: FastifyRequest, reply: FastifyReply) => {
        if (!this.session(req)) return sendError(reply, 401, 'log in first');
      };
      const checked = { preHandler: [requireSession, scope.csrfProtection] };

      scope.get('/hall', (req, reply) => {
        const session = this.session(req);
        if (!session) return this.page(reply, 200, '工作人员登录 Staff login', this.loginForm(reply.generateCsrf()));
        return this.page(reply, 200, '受理与出件 Applications', this.dashboard(session, reply.generateCsrf()));
      });
      scope.post('/hall/login', { ...form, schema: { body: LoginForm }, preHandler: scope.csrfProtection, config: { rateLimit: loginRateLimit } }, (req, reply) => this.login(req as FastifyRequest<{ Body: z.infer<typeof LoginForm> }>, reply));
      scope.post('/hall/logout', { ...form, schema: { body: TokenForm }, ...checked }, (req, reply) => {
        this.auth.logout(req.cookies[SESSION_COOKIE]);
        reply.clearCookie(SESSION_COOKIE, { path: '/hall', httpOnly: true, sameSite: 'strict' });
        return reply.redirect('/hall', 303);
      });
      scope.post('/hall/move', { ...form, schema: { body: MoveForm }, ...checked }, (req, reply) => {
        const session = this.session(req)!;
        const body = req.body as z.infer<typeof MoveForm>;
        const stage = Stage.safeParse(body.stage);
        const item = body.itemCode || null;
        if (!stage.success) return sendError(reply, 400, 'unknown stage', 'stage');
        const moved = this.platform.move(body.acceptanceNumber, item, stage.data, body.reason ?? null);
        if (!moved.ok) return this.page(reply, 400, '无法变更 Not changed', `<p role="alert">${esc(moved.error)}</p><p><a href="/hall">返回 Back</a></p>`);
        this.logger.info({ user: session.user, acceptanceNumber: body.acceptanceNumber, item, stage: stage.data }, 'hall: item moved');
        return reply.redirect('/hall', 303);
      });
      scope.post('/hall/help/:id', { ...form, schema: { body: TokenForm }, ...checked }, (req, reply) => {
        const session = this.session(req)!;
        const id = /^\d{1,9}$/.exec((req.params as { id: string }).id);
        if (!id) return sendError(reply, 404, 'no such action');
        this.platform.handleHelpCall(Number(id[0]));
        this.logger.info({ user: session.user, call: Number(id[0]) }, 'hall: help call handled');
        return reply.redirect('/hall', 303);
      });
    });
  }

  private session(req: FastifyRequest): StaffSession | null {
    return this.auth.session(req.cookies[SESSION_COOKIE]);
  }

  private async login(req: FastifyRequest<{ Body: z.infer<typeof LoginForm> }>, reply: FastifyReply): Promise<FastifyReply> {
    const result = await this.auth.login(req.ip, { user: req.body.name, password: req.body.password }, req.cookies[DEVICE_COOKIE]);
    const token = reply.generateCsrf();
    if (!result.ok) {
      if (result.retryAfterS) reply.header('retry-after', String(result.retryAfterS));
      if (result.reason === 'throttled' || result.reason === 'busy') {
        const s = result.retryAfterS ?? 1;
        return this.page(reply, result.reason === 'busy' ? 503 : 429, '工作人员登录 Staff login', `<p role="alert">尝试次数过多，请 ${s} 秒后再试。Too many attempts; try again in ${s} s.</p>` + this.loginForm(token));
      }
      return this.page(reply, 401, '工作人员登录 Staff login', '<p role="alert">用户名或密码错误。Wrong name or password.</p>' + this.loginForm(token));
    }
    reply.setCookie(SESSION_COOKIE, result.session.token, { path: '/hall', httpOnly: true, sameSite: 'strict', maxAge: this.config.hall.sessionMinutes * 60 });
    // After the session cookie (clients that read only the first Set-Cookie get the session).
    reply.setCookie(DEVICE_COOKIE, result.device, { path: '/hall', httpOnly: true, sameSite: 'strict', maxAge: DEVICE_COOKIE_DAYS * 86_400 });
    return reply.redirect('/hall', 303);
  }

  private loginForm(csrfToken: string): string {
    const none = this.config.hall.users.length === 0
      ? '<p role="note">尚未配置工作人员账号：用 <code>echo 密码 | npx tsx device-bridge/src/fleet/cli.ts hash-password</code> 生成散列，以 {"name":…,"hash":…} 写入 config/terminal.json 的 hall.users。No staff account is configured yet.</p>'
      : '';
    return `${none}<form method="post" action="/hall/login" class="login"><input type="hidden" name="csrf" value="${esc(csrfToken)}">
<label for="name">用户名 Name</label><input id="name" name="name" autocomplete="username" required>
<label for="password">密码 Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">登录 Log in</button></form>`;
  }

  private dashboard(s: StaffSession, csrfToken: string): string {
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
<input type="hidden" name="csrf" value="${esc(csrfToken)}"><input type="hidden" name="acceptanceNumber" value="${esc(a.acceptanceNumber)}"><input type="hidden" name="itemCode" value="${esc(i.code)}">
<label for="st-${esc(a.acceptanceNumber)}-${k}">阶段 Stage</label><select id="st-${esc(a.acceptanceNumber)}-${k}" name="stage">${stageOptions}</select>
<label for="rs-${esc(a.acceptanceNumber)}-${k}">理由 Reason</label><input id="rs-${esc(a.acceptanceNumber)}-${k}" name="reason" maxlength="200">
<button type="submit">变更 Move</button></form></td></tr>`,
          )
          .join(''),
      )
      .join('');
    const help = calls.length
      ? `<ul>${calls.map((c) => `<li>${esc(c.at)} · ${esc(c.terminalId)} · ${esc(c.context)} ${c.state === 'handled' ? '（已处理 handled）' : c.state === 'withdrawn' ? '（已撤回：办事人已取消或已离开 withdrawn）' : `<form method="post" action="/hall/help/${c.id}" class="inline"><input type="hidden" name="csrf" value="${esc(csrfToken)}"><button type="submit">标记已处理 Mark handled</button></form>`}</li>`).join('')}</ul>`
      : '<p>暂无 None.</p>';
    return `<p>工作人员 ${esc(s.user)} <form method="post" action="/hall/logout" class="inline"><input type="hidden" name="csrf" value="${esc(csrfToken)}"><button type="submit">退出 Log out</button></form></p>
<h2>帮办呼叫 Help calls</h2>${help}
<h2>申请 Applications (${apps.length})</h2>
<table><caption>最近的申请，申请人已脱敏 Latest applications, applicants masked</caption>
<thead><tr><th scope="col">受理编号 Number</th><th scope="col">事项 Item</th><th scope="col">办结时限 Due</th><th scope="col">阶段 Stage</th><th scope="col">操作 Action</th></tr></thead>
<tbody>${rows || '<tr><td colspan="5">暂无申请 No applications yet</td></tr>'}</tbody></table>`;
  }

  private page(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
    reply.code(status).headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': HALL_CSP });
    return reply.send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} · ${esc(this.config.terminal.id)}</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;margin:1.5rem;color:#1a1a1a;background:#fff;font-size:16px}h1{font-size:1.5rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #767676;padding:.4rem;text-align:left;vertical-align:top}.sub{color:#4a4a4a;font-size:.9rem}.tag{background:#0b5394;color:#fff;padding:0 .3rem;border-radius:3px}label{display:block;font-size:.85rem;margin-top:.3rem}input,select,button{font:inherit;min-height:2.2rem}button{background:#0b5394;color:#fff;border:0;padding:.3rem .8rem;border-radius:4px;margin-top:.3rem}form.inline{display:inline}.login{max-width:22rem}[role=alert]{color:#a30000;font-weight:bold}</style></head>
<body><header><h1>${esc(title)}</h1><p class="sub">${esc(this.config.terminal.name.zh)} · 本地受理后台 Local back office</p></header><main>${body}</main></body></html>`);
  }
}

