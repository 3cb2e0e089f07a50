/**
 * 语音引导 end to end: the real bridge, the built kiosk in Debian's Chromium. Headless Chromium has no
 * speech-synthesis voices (no speech-dispatcher), so this runs the real fallback: the WAV prompts the
 * build rendered with espeak-ng, played by real <audio> elements, and control names rendered by the
 * bridge's /api/speech. What is observed: HTMLMediaElement.play calls (src, volume) recorded by a
 * wrapper installed before the page loads (the element still plays), the audio responses, and the
 * engine's log of prompt ids (window.__kiosk.voiceLog()).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { describeWav } from '../../core/audio/wav';
import { PROMPT_GRACE_MS } from '../../kiosk/src/voice/engine';
import { promptIds, prompts } from '../../kiosk/src/voice/prompts';
import { expectAccessible } from '../support/accessible';
import { api, root } from '../support/bridge-process';
import { exitSession, tap, waitForHeading } from '../support/browser';
import { editedTerminalConfig, kioskUnderTest } from '../support/kiosk-under-test';
import { openKioskRecording, played, playedSrcs, waitForPlay, type Played } from '../support/audio-recorder';
import { answerFirstOptions, bundleHasQuestions, skipMaterials } from '../support/catalog-steps';
import { fillField, newCount } from '../support/on-screen-input';
import { identityPresets } from '../../device-bridge/src/devices/idcard/presets';

// As the kiosk launcher runs Chromium (device-bridge/src/browser): prompts may play before a touch.
const AUTOPLAY = ['--autoplay-policy=no-user-gesture-required'];

const pressed = (page: Page, text: string) =>
  page.evaluate((t) => [...document.querySelectorAll('button')].find((b) => b.textContent?.includes(t))?.getAttribute('aria-pressed'), text);

describe('voice guidance in Chromium (audio fallback: no synthesis voices)', () => {
  const kiosk = kioskUnderTest({}, AUTOPLAY);

  it('the build rendered a valid WAV for every prompt in every language', () => {
    for (const lang of Object.keys(prompts)) {
      for (const id of promptIds) {
        const file = resolve(root, 'dist/kiosk/voice', lang, `${id}.wav`);
        expect(existsSync(file), file).toBe(true);
        const info = describeWav(readFileSync(file));
        expect(info.ok, `${file}: ${!info.ok && info.error}`).toBe(true);
        if (!info.ok) continue;
        expect(info.value).toMatchObject({ audioFormat: 7, sampleRate: 16_000, channels: 1, bits: 8 });
        // Non-trivial: even the shortest prompt (请为这次服务评价。) is over a second of speech.
        expect(info.value.seconds, `${lang}/${id}`).toBeGreaterThan(0.8);
        expect(info.value.seconds, `${lang}/${id}`).toBeLessThan(15);
      }
    }
  });

  it('voice off plays nothing; 语音 on speaks the screen; 重听 repeats; volume steps reach the audio element', async () => {
    const page = await openKioskRecording(kiosk.browser, kiosk.bridge.url);
    const audioResponses: { url: string; status: number; type: string }[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/voice/') || r.url().includes('/api/speech')) audioResponses.push({ url: new URL(r.url()).pathname, status: r.status(), type: r.headers()['content-type'] ?? '' });
    });
    await waitForHeading(page, '政务服务自助终端');
    // The terminal's default (no accessibility.voice in config/terminal.json) is off: silence.
    await new Promise((r) => setTimeout(r, 800));
    expect(await playedSrcs(page)).toEqual([]);
    expect(await pressed(page, '语音')).toBe('false');
    expect(await page.$('button::-p-text(重听)')).toBeNull();

    await tap(page, '语音');
    await waitForPlay(page, 1, '/voice/zh/attract.wav');
    expect(await pressed(page, '语音')).toBe('true');
    await page.waitForFunction(() => (window as unknown as { __played: Played[] }).__played[0]!.playingAt !== null, { timeout: 10_000 });
    expect(audioResponses.find((r) => r.url === '/voice/zh/attract.wav')).toMatchObject({ status: 200, type: 'audio/wav' });
    expect((await played(page))[0]!.volume).toBeCloseTo(0.7);
    await expectAccessible(page, 'attract with voice on');
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: 'docs/screenshots/61-voice-attract.png' });

    await tap(page, '重听');
    await waitForPlay(page, 2, '/voice/zh/attract.wav');
    await page.locator('button[aria-label="大声一点"]').click();
    await waitForPlay(page, 3, '/voice/zh/attract.wav');
    expect((await played(page))[2]!.volume).toBe(1);
    expect(await page.$eval('.voice-level', (e) => e.textContent)).toContain('大');
    expect(await page.$('button[aria-label="大声一点"][disabled]')).not.toBeNull();
    await page.locator('button[aria-label="小声一点"]').click();
    await page.locator('button[aria-label="小声一点"]').click();
    await waitForPlay(page, 5, '/voice/zh/attract.wav');
    expect((await played(page))[4]!.volume).toBeCloseTo(0.4);

    // A screen change stops the old prompt and says the new one, at the chosen volume.
    await tap(page, '开始办理');
    await waitForHeading(page, '请选择要办理的事项');
    await waitForPlay(page, 6, '/voice/zh/home.wav');
    expect((await played(page))[5]!.volume).toBeCloseTo(0.4);
    await expectAccessible(page, 'home with voice on');
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: 'docs/screenshots/60-voice-controls-home.png', clip: { x: 0, y: 0, width: 1080, height: 400 } });
    await tap(page, '新生儿出生一件事', '.tile');
    await waitForHeading(page, '新生儿出生一件事');
    await waitForPlay(page, 7, '/voice/zh/guide.wav');
    await tap(page, '申请办理');
    await waitForHeading(page, '身份核验');
    await page.waitForFunction(() => (window as unknown as { __played: Played[] }).__played.some((p) => p.src === '/voice/zh/identify.wav'), { timeout: 15_000 });
    const log = await page.evaluate(() => (window as unknown as { __kiosk: { voiceLog: () => { kind: string; id?: string; backend?: string }[] } }).__kiosk.voiceLog());
    const spoken = log.filter((e) => e.kind === 'prompt');
    expect(spoken.every((e) => e.backend === 'audio')).toBe(true);
    expect(spoken.map((e) => e.id)).toEqual(expect.arrayContaining(['attract', 'home', 'guide', 'identify']));
    expect(audioResponses.filter((r) => r.url.startsWith('/voice/')).every((r) => r.status === 200)).toBe(true);

    // Keyboard / switch focus reads the control's name (its label), rendered by the bridge.
    const speechRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/speech')) speechRequests.push(r.url());
    });
    // A moment after the screen appeared (focus in the first PROMPT_GRACE_MS waits for the prompt).
    await new Promise((r) => setTimeout(r, PROMPT_GRACE_MS + 100));
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({ text: document.activeElement?.textContent?.trim() ?? '', label: document.activeElement?.getAttribute('aria-label') ?? null, pressed: document.activeElement?.getAttribute('aria-pressed') ?? null }));
    await page.waitForFunction(() => (window as unknown as { __played: Played[] }).__played.some((p) => p.src.startsWith('/api/speech')), { timeout: 15_000 });
    const labelPlay = (await played(page)).find((p) => p.src.startsWith('/api/speech'))!;
    const asked = new URL(labelPlay.src, kiosk.bridge.url).searchParams;
    expect(asked.get('lang')).toBe('zh');
    // The name as read (parts joined with a pause ，, decoration such as ‹ left out) holds the control's words.
    const bare = (t: string) => t.replace(/[^\p{L}\p{N}]/gu, '');
    expect(bare(asked.get('text')!)).toContain(bare(focused.label ?? focused.text));
    await page.waitForFunction(() => (window as unknown as { __played: Played[] }).__played.find((p) => p.src.startsWith('/api/speech'))!.playingAt !== null, { timeout: 15_000 });
    expect(audioResponses.find((r) => r.url === '/api/speech')).toMatchObject({ status: 200, type: 'audio/wav' });
    expect(speechRequests.length).toBeGreaterThan(0);

    // 语音 off: silence from here on, on this screen and the next.
    await tap(page, '语音');
    expect(await pressed(page, '语音')).toBe('false');
    const before = (await played(page)).length;
    await page.locator('nav button::-p-text(返回)').click();
    await waitForHeading(page, '新生儿出生一件事');
    await page.keyboard.press('Tab');
    await new Promise((r) => setTimeout(r, 800));
    expect((await played(page)).length).toBe(before);
    await page.close();
  });

  it('a whole 新生儿出生一件事 with voice on: each screen says its prompt, in order; labels are read, values never', async () => {
    const page = await openKioskRecording(kiosk.browser, kiosk.bridge.url);
    await waitForHeading(page, '政务服务自助终端');
    await tap(page, '语音');
    await tap(page, '开始办理');
    await waitForHeading(page, '请选择要办理的事项');
    await tap(page, '新生儿出生一件事', '.tile');
    await waitForHeading(page, '新生儿出生一件事');
    await tap(page, '申请办理');
    const questions = await bundleHasQuestions(kiosk.bridge.url, 'newborn');
    if (questions) await answerFirstOptions(page);
    await waitForHeading(page, '身份核验');
    await api(kiosk.bridge.url, 'POST', '/sim/id-card', { preset: 'resident' });
    await waitForHeading(page, '人脸核验');
    await page.waitForSelector('button:not([disabled])::-p-text(拍照核验)', { timeout: 15_000 });
    await tap(page, '拍照核验');
    await waitForHeading(page, '选择要办理的事项');
    await tap(page, '下一步');
    await waitForHeading(page, '填写申请表');
    // Typed with the on-screen keyboard (touches: nothing is read); then a keyboard / switch user moves
    // onto the fields: their labels are read with 已填写 / 未填写, never what they hold.
    await fillField(page, 'child.name', '张小满', newCount());
    await new Promise((r) => setTimeout(r, PROMPT_GRACE_MS + 100));
    for (const key of ['child.name', 'spouse.name']) {
      const before = (await page.evaluate(() => (window as unknown as { __kiosk: { voiceLog: () => unknown[] } }).__kiosk.voiceLog().length));
      await page.keyboard.press('Shift');
      await page.focus(`button[data-field="${key}"]`);
      await page.waitForFunction((n) => (window as unknown as { __kiosk: { voiceLog: () => { kind: string }[] } }).__kiosk.voiceLog().slice(n).some((e) => e.kind === 'label'), { timeout: 10_000 }, before);
    }
    await tap(page, '母亲');
    await tap(page, '随母落户');
    await tap(page, '下一步', 'button[type=submit]');
    await skipMaterials(page);
    await waitForHeading(page, '确认申请信息');
    await tap(page, '确认提交');
    await waitForHeading(page, '已受理', 20_000);
    await tap(page, '下一步');
    await waitForHeading(page, '请对本次服务进行评价');
    await tap(page, '暂不评价');
    await waitForHeading(page, '办理完成');
    await page.waitForFunction(() => (window as unknown as { __played: Played[] }).__played.some((p) => p.src === '/voice/zh/done.wav'), { timeout: 15_000 });
    await api(kiosk.bridge.url, 'DELETE', '/sim/id-card');

    const log = await page.evaluate(() => (window as unknown as { __kiosk: { voiceLog: () => { kind: string; id?: string; text?: string }[] } }).__kiosk.voiceLog());
    const ids = log.filter((e) => e.kind === 'prompt').map((e) => e.id!);
    const expected = ['attract', 'home', 'guide', ...(questions ? ['questions'] : []), 'identify', 'face', 'chooseItems', 'form', 'materials', 'review', 'receipt', 'rating', 'done'];
    // In this order (submitting / printing may pass too quickly to be shown, and are not required).
    let at = -1;
    for (const id of expected) {
      const next = ids.indexOf(id, at + 1);
      expect(next, `prompt "${id}" after position ${at} in ${ids.join(', ')}`).toBeGreaterThan(at);
      at = next;
    }
    const srcs = await playedSrcs(page);
    for (const id of expected) expect(srcs).toContain(`/voice/zh/${id}.wav`);
    expect((await played(page)).filter((p) => p.src.startsWith('/voice/')).every((p) => !p.error)).toBe(true);
    const labels = log.filter((e) => e.kind === 'label').map((e) => e.text!).join(' | ');
    // The fields' labels were read, with their state (the name came from the keyboard, the spouse from shared data).
    expect(labels).toMatch(/新生儿姓名.*，已填写/);
    expect(labels).toMatch(/配偶.*，已填写/);
    for (const secret of ['张小满', identityPresets.resident.name, identityPresets.resident.idNumber, identityPresets.father.name]) {
      expect(labels).not.toContain(secret);
      expect(srcs.join(' ')).not.toContain(encodeURIComponent(secret));
    }
    await page.close();
  });

  it('English speaks the English prompts; a session that ends resets voice to the terminal default', async () => {
    const page = await openKioskRecording(kiosk.browser, kiosk.bridge.url);
    await waitForHeading(page, '政务服务自助终端');
    await tap(page, 'English');
    await waitForHeading(page, 'Government Self-Service Terminal');
    await tap(page, 'Voice');
    await waitForPlay(page, 1, '/voice/en/attract.wav');
    await tap(page, 'Start');
    await waitForPlay(page, 2, '/voice/en/home.wav');
    await tap(page, 'Exit');
    await waitForHeading(page, '政务服务自助终端');
    expect(await pressed(page, '语音')).toBe('false');
    await new Promise((r) => setTimeout(r, 500));
    expect(await playedSrcs(page)).toEqual(['/voice/en/attract.wav', '/voice/en/home.wav']);
    await page.close();
  });
});

describe('a terminal configured with voice on (accessibility.voice: true)', () => {
  const kiosk = kioskUnderTest(
    editedTerminalConfig((doc) => {
      doc.accessibility = { elder: false, highContrast: false, voice: true };
      doc.session = { ...(doc.session as object), idleTimeoutS: 10, idleWarningS: 60 };
    }),
    AUTOPLAY,
  );

  it('speaks without a touch, then the device notice; the idle warning and a help call have their prompts; the next citizen starts with voice on again', async () => {
    await api(kiosk.bridge.url, 'POST', '/sim/id-card/connection', { connected: false });
    const page = await openKioskRecording(kiosk.browser, kiosk.bridge.url);
    await waitForHeading(page, '政务服务自助终端');
    await waitForPlay(page, 1, '/voice/zh/attract.wav');
    expect(await pressed(page, '语音')).toBe('true');
    // After the welcome has been said to its end: 身份证阅读器暂时不能用….
    await waitForPlay(page, 2, '/voice/zh/readerDown.wav', 30_000);
    await api(kiosk.bridge.url, 'POST', '/sim/id-card/connection', { connected: true });

    await tap(page, '开始办理');
    await waitForPlay(page, 3, '/voice/zh/home.wav');
    // No touch for idleTimeoutS (10 s): 您还在吗？
    await page.waitForSelector('[role="alertdialog"]', { timeout: 20_000 });
    await waitForPlay(page, 4, '/voice/zh/idleWarning.wav');
    await expectAccessible(page, 'idle warning with voice on');
    await tap(page, '继续办理');
    // Back to the screen under the dialog: its prompt again.
    await waitForPlay(page, 5, '/voice/zh/home.wav');
    // 帮办 (which may keep the session alive while staff come): 已经叫了工作人员.
    await tap(page, '呼叫帮办');
    await waitForPlay(page, 6, '/voice/zh/helpCalled.wav');

    await tap(page, '语音');
    expect(await pressed(page, '语音')).toBe('false');
    await exitSession(page);
    await waitForHeading(page, '政务服务自助终端');
    expect(await pressed(page, '语音')).toBe('true');
    await waitForPlay(page, 7, '/voice/zh/attract.wav');
    expect((await played(page)).every((p) => !p.error)).toBe(true);
    await page.close();
  });
});

describe('voice guidance in Uyghur (a terminal offering zh, en, ug)', () => {
  const kiosk = kioskUnderTest(editedTerminalConfig((doc) => (doc.languages = ['zh', 'en', 'ug'])), AUTOPLAY);

  it('speaks the Uyghur prompts (machine-translated) with the controls in Uyghur, right to left', async () => {
    const page = await openKioskRecording(kiosk.browser, kiosk.bridge.url);
    await waitForHeading(page, '政务服务自助终端');
    await tap(page, 'ئۇيغۇرچە');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await tap(page, 'ئاۋاز');
    await waitForPlay(page, 1, '/voice/ug/attract.wav');
    await tap(page, 'باشلاش');
    await waitForPlay(page, 2, '/voice/ug/home.wav');
    expect(await page.$eval('.voice-controls', (e) => getComputedStyle(e).direction)).toBe('rtl');
    await expectAccessible(page, 'home in Uyghur with voice on');
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: 'docs/screenshots/62-voice-uyghur-home.png', clip: { x: 0, y: 0, width: 1080, height: 400 } });
    await tap(page, 'قايتا ئاڭلاش');
    await waitForPlay(page, 3, '/voice/ug/home.wav');
    await page.waitForFunction(() => (window as unknown as { __played: Played[] }).__played[2]!.playingAt !== null, { timeout: 10_000 });
    expect((await played(page)).every((p) => !p.error)).toBe(true);
    await page.close();
  });
});
