// The contract between the crawler and the rules. Rules are pure functions from a platform's
// snapshots and its roster record to draft findings: nothing here touches the network, a
// browser or the database, so rules run offline on saved evidence.

export const VERDICTS = ['violation', 'needs-review', 'compliant', 'not-checked'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Why a check could not run: a closed set, so "unchecked" is never mistaken for "compliant". */
export const NOT_CHECKED_REASONS = [
  'dns-failure', // the host name does not resolve
  'connection-refused', // nothing listens, or the connection was reset
  'tls-error', // certificate or handshake failure
  'timeout', // navigation or page handling took too long
  'http-error', // the server answered 4xx/5xx (other than blocking)
  'blocked', // 403/429 or an anti-bot interstitial
  'captcha', // a captcha stands in front of the content
  'login-wall', // the content needs an account
  'redirect-loop', // endless or excessive redirects, by HTTP or by the page's own script or meta refresh
  'dialog', // the page kept raising alert/confirm dialogs and could not be captured
  'popup', // the page kept opening windows and could not be captured
  'undecodable-text', // the page's text could not be decoded (a wrong or missing charset): nothing on it can be read
  'oversized', // the rendered page is too large for the checks to read (kept as evidence)
  'page-budget', // the visit reached its page limit before this page
  'page-kind-not-found', // the pages this check needs were not found on the site
  'browser-error', // the browser crashed or the page could not be captured
  'rule-error', // the rule failed on this evidence: a fault of the tool, not of the platform
  'interrupted', // the scan was stopped before the platform finished
] as const;
export type NotCheckedReason = (typeof NOT_CHECKED_REASONS)[number];

/** What a page is, as far as the checks care. */
export const PAGE_KINDS = [
  'homepage',
  'agreement',
  'rules',
  'rules-centre',
  'licence',
  'ip-rules', // 知识产权保护规则, rights-holder complaints
  'credit-rules', // 信用评价规则
  'enforcement', // 违规处理公示: measures taken against in-platform sellers
  'complaint', // 投诉举报 channels
  'privacy', // 隐私政策 and personal-information settings (个性化推荐 switches)
  'notice', // 修订公示 / 征求意见: a notice that an agreement or rules document is to change
  'terms', // the other terms a platform sets for consumers: 售后服务政策, 退换货规则, 消费者告知书, 购物须知, 活动规则
  'search',
  'product',
  'shop',
  'other',
] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type EvidenceKind = 'screenshot' | 'rendered-html' | 'response-body' | 'page-metadata' | 'image' | 'image-text';

/** A file in the evidence bundle; `path` is relative to the run folder. */
export interface EvidenceFile {
  kind: EvidenceKind;
  path: string;
  sha256: string;
}

/** Text OCR read from an image a licence page shows (the image and the text are evidence files). */
export interface ImageText {
  /** The image's URL (the page's own when the page is the image). */
  src: string;
  /** Where the image sits on the page; null when the page is the image itself. */
  box: Box | null;
  text: string;
  /** The OCR engine, its version and language model. */
  engine: string;
}

export interface PageFailure {
  reason: NotCheckedReason;
  message: string;
}

/** One captured page: what was asked for, what came back, and what the browser rendered. */
export interface Snapshot {
  /** Unique within a platform's visit, e.g. "p01". */
  id: string;
  kind: PageKind;
  requestedUrl: string;
  finalUrl: string;
  /** HTTP status of the main document; null when no response arrived. */
  status: number | null;
  contentType: string | null;
  /** Set when the page could not be loaded or captured. */
  failure: PageFailure | null;
  /** Clicks from the homepage (0 for the homepage). */
  depth: number;
  /** Snapshot id of the page whose link led here, and that link's text. */
  via: string | null;
  linkText: string | null;
  /** For a search-results page: the probe keyword searched for. */
  query: string | null;
  title: string;
  /** Rendered DOM, serialised, with the data-wj-* rendering annotations (see lib/rendered.ts). */
  html: string;
  /** Page-level facts read in the browser. */
  page: PageFacts;
  /** UTC ISO time the page was captured. */
  capturedAt: string;
  files: EvidenceFile[];
  /** Text read from the images of a licence page, when the machine can read them (OCR). */
  imageTexts?: ImageText[];
}

export interface PageFacts {
  /** Full document size in CSS pixels. */
  width: number;
  height: number;
  /** Text selection is disabled on the body (user-select: none). */
  selectionDisabled: boolean;
  /** The page cancels copy or context-menu events, so its text cannot easily be saved. */
  copyBlocked: boolean;
  /** Characters of visible text on the page. */
  textLength: number;
  /** Images with a rendered area of at least 100×100 px. */
  largeImages: number;
  /** A password field is visible. */
  hasPasswordField: boolean;
}

/** The roster record of a platform operator (shared/spec/formats.md). */
export interface PlatformRecord {
  id: string;
  name: string;
  uscc: string;
  url: string;
  platform?: string | undefined;
  region?: string | undefined;
  risk: 'low' | 'general' | 'higher' | 'high' | 'unclassified';
  /** 经营状态 as the roster gives it; absent when it gives none (src/roster/platforms.ts). */
  status?: '存续' | '在业' | '注销' | '吊销' | '停业' | undefined;
}

/** One text of a document as earlier scans saw it (src/store/documents.ts). */
export interface DocumentVersion {
  version: number;
  sha256: string;
  /** Main text, normalised (rules/lib/document-text.ts `documentText`). */
  text: string;
  /** UTC ISO capture times of the first and last scan that saw this text. */
  firstSeenAt: string;
  lastSeenAt: string;
}

/** An agreement or rules document of a platform and its versions, oldest first. */
export interface DocumentHistory {
  /** The document's identity: its URL without fragment or tracking query (`documentKey`). */
  url: string;
  kind: PageKind;
  title: string;
  versions: readonly DocumentVersion[];
}

export interface RuleInput {
  platform: PlatformRecord;
  snapshots: readonly Snapshot[];
  /** What earlier scans saw of the platform's documents; absent when the caller has no store (an offline re-run). */
  history?: { documents: readonly DocumentHistory[] };
}

/** A finding as a rule makes it; the scan adds run, platform, legal basis, versions and times. */
export interface DraftFinding {
  checkId: string;
  verdict: Verdict;
  /** The URL (or URL#item) the finding is about. */
  subject: string;
  /** Short Chinese summary an inspector can paste into a record. */
  summary: string;
  /** Figures the inspector needs to agree; for not-checked, `reason` is one of NOT_CHECKED_REASONS. */
  details: Record<string, unknown>;
  evidence: EvidenceFile[];
  /** The capture time of the evidence relied on (UTC ISO). */
  capturedAt: string;
}

export interface Rule {
  id: string;
  version: string;
  /** The page kinds the crawler must look for so this rule can run. */
  pageKinds: readonly PageKind[];
  /**
   * Keywords this rule needs run through the platform's own search, besides the probe keywords
   * (their results pages are captured; their items are not followed).
   */
  queries?: readonly string[];
  evaluate(input: RuleInput): DraftFinding[];
}
