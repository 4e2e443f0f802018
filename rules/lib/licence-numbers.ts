// ICP filing and licence numbers, telecom (B2/B1) licences and public-security filings, in the
// many shapes real footers print them (shared/realpages/NOTES.md §4.2): with or without a
// province, a space inside the number, a site suffix (-1, -2), an old-style or wrong label
// (“网站经营许可证号 京ICP备…” is a filing, whatever it is called), the typo 京公安网备.
export type LicenceNumberKind = 'icp-filing' | 'icp-licence' | 'telecom-licence' | 'police-filing';

export interface LicenceNumber {
  kind: LicenceNumberKind;
  /** Normalised: 京ICP备11041704号-1, 京ICP证030367号, 浙B2-20080224, 33010002000078. */
  number: string;
  /** As printed. */
  raw: string;
  /** Offset of `raw` in the text searched. */
  offset: number;
  /** The label printed just before it, e.g. 增值电信业务经营许可证; null when none. */
  label: string | null;
}

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const DASH = '[-－—–]';

const PATTERNS: readonly { kind: LicenceNumberKind; re: RegExp; normalise: (m: RegExpExecArray) => string }[] = [
  {
    kind: 'icp-filing',
    re: new RegExp(`([${PROVINCES}])\\s*ICP\\s*备\\s*(\\d{6,10})\\s*号?(?:\\s*${DASH}\\s*(\\d{1,3})(?!\\d))?`, 'g'),
    normalise: (m) => `${m[1]}ICP备${m[2]}号${m[3] ? `-${m[3]}` : ''}`,
  },
  {
    kind: 'icp-licence',
    re: new RegExp(`([${PROVINCES}])\\s*ICP\\s*证\\s*(\\d{6,8})\\s*号?`, 'g'),
    normalise: (m) => `${m[1]}ICP证${m[2]}号`,
  },
  {
    // national licences carry no province: 增值电信业务经营许可证B2-20090148
    kind: 'telecom-licence',
    re: new RegExp(`(?<![A-Za-z0-9])([${PROVINCES}])?\\s*(B[12])\\s*${DASH}\\s*(\\d{8})(?:\\s*${DASH}\\s*(\\d{1,3})(?!\\d))?`, 'g'),
    normalise: (m) => `${m[1] ?? ''}${m[2]}-${m[3]}${m[4] ? `-${m[4]}` : ''}`,
  },
  {
    // 公网安备, also misprinted 公安网备 (GOME)
    kind: 'police-filing',
    re: new RegExp(`([${PROVINCES}])?\\s*公(?:网安|安网)备\\s*(?:案号)?[:：]?\\s*(\\d{14})(?!\\d)\\s*号?`, 'g'),
    normalise: (m) => m[2]!,
  },
  {
    // before 2016: 北京市公安局朝阳分局备案编号110105014669
    kind: 'police-filing',
    re: /公安局[\u4e00-\u9fa5]{0,8}?备案编号\s*[:：]?\s*(\d{10,14})(?!\d)/g,
    normalise: (m) => m[1]!,
  },
];

/** Labels that may stand right before a number; the longest first so the whole label is kept. */
const LABEL = new RegExp(
  `(增值电信业务经营许可证(?:号|编号)?|增值业务经营许可证(?:号)?|电信与信息服务业务经营许可证(?:号)?|ICP经营许可证(?:号)?|网站经营许可证(?:号)?|经营许可证(?:号|编号)?|ICP许可证(?:号)?|ICP备案(?:号)?|网站备案(?:号)?|备案号|网络食品交易第三方平台备案凭证)\\s*[:：]?\\s*$`,
);

/** All numbers in `text`, in order; the same number printed twice is found twice. */
export function findLicenceNumbers(text: string): LicenceNumber[] {
  const found: LicenceNumber[] = [];
  for (const { kind, re, normalise } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const raw = m[0].trim();
      const offset = m.index + m[0].indexOf(raw);
      const before = LABEL.exec(text.slice(Math.max(0, offset - 24), offset));
      found.push({ kind, number: normalise(m as RegExpExecArray), raw, offset, label: before ? before[1]! : null });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}
