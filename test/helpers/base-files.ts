/**
 * PowerPoint files to build decks on, made at test time: LibreOffice's shipped templates converted
 * to .pptx (once per test file), and variants of a file with layouts renamed, accents changed or
 * placeholders stripped. Synthetic files, for tests only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/** LibreOffice's shipped presentation templates, found beside the soffice it runs. */
export function libreOfficeTemplateDir(): string {
  const soffice = realpathSync(execFileSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).trim());
  return path.resolve(path.dirname(soffice), '../share/template/common/presnt');
}

let converted: Map<string, string> | undefined;

/** Converts the named .otp templates to .pptx with `soffice --convert-to pptx`, once per test file. */
export function convertedTemplates(names: string[]): Map<string, string> {
  if (converted) return converted;
  const dir = mkdtempSync(path.join(tmpdir(), 'brief-lo-templates-'));
  const from = libreOfficeTemplateDir();
  const profile = mkdtempSync(path.join(tmpdir(), 'brief-lo-profile-'));
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pptx', '--outdir', dir, ...names.map((n) => path.join(from, `${n}.otp`))], { stdio: 'ignore', timeout: 240_000 });
  converted = new Map(names.map((n) => [n, path.join(dir, `${n}.pptx`)]));
  for (const [n, f] of converted) if (!existsSync(f)) throw new Error(`soffice did not convert ${n}.otp`);
  return converted;
}

/** A copy of a package with some of its XML parts rewritten. */
export function rewritePackage(file: string, out: string, edit: (name: string, xml: string) => string): string {
  const parts = unzipSync(new Uint8Array(readFileSync(file)));
  for (const [name, data] of Object.entries(parts)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const xml = strFromU8(data);
    const changed = edit(name, xml);
    if (changed !== xml) parts[name] = strToU8(changed);
  }
  writeFileSync(out, zipSync(parts));
  return out;
}

/** Layout names in Korean and Chinese, as a Korean or Chinese PowerPoint names its layouts. */
export const CJK_LAYOUT_NAMES = ['빈 화면', '제목 슬라이드', '제목 및 내용', '콘텐츠 2개', '제목만', '가운데 텍스트', '标题和内容', '两栏内容', '仅标题', '节标题', '空白', '图片与标题'];

/** Every layout renamed (in turn) to a Korean or Chinese name. */
export function withCjkLayoutNames(file: string, out: string): string {
  let n = 0;
  return rewritePackage(file, out, (name, xml) => (/^ppt\/slideLayouts\/[^/]+\.xml$/.test(name) ? xml.replace(/(<p:cSld\b[^>]*\bname=")[^"]*(")/, (_m, a: string, b: string) => `${a}${CJK_LAYOUT_NAMES[n++ % CJK_LAYOUT_NAMES.length]} ${n}${b}`) : xml));
}
