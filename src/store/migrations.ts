// Numbered schema migrations, applied in order, each in its own transaction. Never edit a
// migration that has shipped: add the next number.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'roster, runs, snapshots, findings',
    sql: `
      CREATE TABLE platforms (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        uscc TEXT NOT NULL,
        url TEXT NOT NULL,
        platform TEXT,
        region TEXT,
        risk TEXT NOT NULL CHECK (risk IN ('low', 'general', 'higher', 'high')),
        source TEXT NOT NULL,
        imported_at TEXT NOT NULL
      );
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished')),
        out_dir TEXT NOT NULL,
        roster_path TEXT NOT NULL,
        roster_sha256 TEXT NOT NULL,
        checks TEXT NOT NULL,
        options TEXT NOT NULL,
        tool_version TEXT NOT NULL
      );
      -- One job a platform: 'done' is set in the same transaction that stores its findings.
      CREATE TABLE run_platforms (
        run_id TEXT NOT NULL REFERENCES runs(id),
        platform_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        record TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'visiting', 'done')),
        attempts INTEGER NOT NULL DEFAULT 0,
        started_at TEXT,
        finished_at TEXT,
        PRIMARY KEY (run_id, platform_id)
      );
      CREATE TABLE snapshots (
        run_id TEXT NOT NULL,
        platform_id TEXT NOT NULL,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        requested_url TEXT NOT NULL,
        final_url TEXT NOT NULL,
        status INTEGER,
        content_type TEXT,
        failure TEXT,
        depth INTEGER NOT NULL,
        via TEXT,
        link_text TEXT,
        title TEXT NOT NULL,
        page TEXT NOT NULL,
        captured_at TEXT NOT NULL,
        files TEXT NOT NULL,
        PRIMARY KEY (run_id, platform_id, id),
        FOREIGN KEY (run_id, platform_id) REFERENCES run_platforms(run_id, platform_id)
      );
      CREATE TABLE findings (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL,
        platform_id TEXT NOT NULL,
        check_id TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('violation', 'needs-review', 'compliant', 'not-checked')),
        subject TEXT NOT NULL,
        summary TEXT NOT NULL,
        legal_basis TEXT NOT NULL,
        evidence TEXT NOT NULL,
        details TEXT NOT NULL,
        captured_at TEXT NOT NULL,
        rule_version TEXT NOT NULL,
        tool_version TEXT NOT NULL,
        captured_by TEXT NOT NULL CHECK (captured_by IN ('automated', 'inspector')),
        FOREIGN KEY (run_id, platform_id) REFERENCES run_platforms(run_id, platform_id)
      );
      CREATE INDEX findings_by_run ON findings (run_id, platform_id, check_id);
    `,
  },
  {
    version: 2,
    name: 'draws (双随机), immutable',
    sql: `
      -- record is the draw.json text. A draw is never changed or removed: a redraw is a new
      -- row naming the draw it supersedes (each at most once) and why.
      CREATE TABLE draws (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL,
        seed TEXT NOT NULL,
        drawn_at TEXT NOT NULL,
        supersedes TEXT UNIQUE REFERENCES draws(id),
        reason TEXT,
        targets INTEGER NOT NULL,
        record TEXT NOT NULL,
        record_sha256 TEXT NOT NULL,
        CHECK ((supersedes IS NULL) = (reason IS NULL))
      );
      CREATE INDEX draws_by_campaign ON draws (campaign_id, drawn_at);
      CREATE TRIGGER draws_no_update BEFORE UPDATE ON draws
        BEGIN SELECT RAISE(ABORT, 'draws are immutable: a redraw is a new draw that supersedes the old one'); END;
      CREATE TRIGGER draws_no_delete BEFORE DELETE ON draws
        BEGIN SELECT RAISE(ABORT, 'draws are immutable: a redraw is a new draw that supersedes the old one'); END;
    `,
  },
  {
    version: 3,
    name: 'search probes on snapshots',
    sql: `ALTER TABLE snapshots ADD COLUMN query TEXT;`,
  },
  {
    version: 4,
    name: 'accounts: users, sessions, login throttling',
    sql: `
      -- An account is an inspector of the inspector roster (id = inspector id). password is
      -- "scrypt$N$r$p$salt$hash" (base64), so the cost can be raised without a migration.
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        unit TEXT NOT NULL,
        region TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('inspector', 'lead')),
        password TEXT NOT NULL,
        created_at TEXT NOT NULL,
        password_changed_at TEXT NOT NULL,
        disabled_at TEXT
      );
      -- Only the SHA-256 of a session id is stored: a copy of the database opens no session.
      CREATE TABLE sessions (
        id_sha256 TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        ip TEXT
      );
      CREATE INDEX sessions_by_user ON sessions (user_id);
      -- Failed logins by key ("user:<id>", "ip:<address>"), and keys locked after too many.
      CREATE TABLE login_failures (key TEXT NOT NULL, at TEXT NOT NULL);
      CREATE INDEX login_failures_by_key ON login_failures (key, at);
      CREATE TABLE login_locks (key TEXT PRIMARY KEY, until TEXT NOT NULL);
    `,
  },
  {
    version: 5,
    name: 'reviews: inspections, review items and versions, audit log, record forms',
    sql: `
      -- 检查对象: a drawn target, or a unit's monthly online check. The platform record is read
      -- from the platforms table when there; the draw record names only the id.
      CREATE TABLE inspections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform_id TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('draw', 'routine')),
        draw_id TEXT REFERENCES draws(id),
        campaign_id TEXT,
        campaign_name TEXT,
        checks TEXT NOT NULL,
        unit TEXT,
        inspectors TEXT NOT NULL,
        assistants TEXT NOT NULL,
        deadline TEXT,
        run_id TEXT REFERENCES runs(id),
        created_at TEXT NOT NULL,
        created_by TEXT,
        UNIQUE (draw_id, platform_id),
        CHECK ((origin = 'draw') = (draw_id IS NOT NULL))
      );
      CREATE TABLE review_items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        inspection_id INTEGER NOT NULL REFERENCES inspections(id),
        check_id TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('automated', 'inspector')),
        finding_seq INTEGER REFERENCES findings(seq),
        UNIQUE (inspection_id, finding_seq),
        CHECK ((origin = 'automated') = (finding_seq IS NOT NULL))
      );
      -- An item's state is its newest version; versions are only ever added, so the automated
      -- original (version 1, author NULL) and every amendment stay readable.
      CREATE TABLE review_versions (
        item_id INTEGER NOT NULL REFERENCES review_items(id),
        version INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'confirmed', 'rejected')),
        verdict TEXT NOT NULL CHECK (verdict IN ('violation', 'needs-review', 'compliant', 'not-checked')),
        summary TEXT NOT NULL,
        subject TEXT NOT NULL,
        details TEXT NOT NULL,
        evidence TEXT NOT NULL,
        reason TEXT,
        author TEXT,
        at TEXT NOT NULL,
        PRIMARY KEY (item_id, version)
      );
      CREATE TRIGGER review_versions_no_update BEFORE UPDATE ON review_versions
        BEGIN SELECT RAISE(ABORT, 'review versions are append-only: an amendment is a new version'); END;
      CREATE TRIGGER review_versions_no_delete BEFORE DELETE ON review_versions
        BEGIN SELECT RAISE(ABORT, 'review versions are append-only: an amendment is a new version'); END;
      -- 执法全过程记录: every action, who, when, before and after.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT,
        action TEXT NOT NULL,
        inspection_id INTEGER,
        subject TEXT,
        before TEXT,
        after TEXT,
        ip TEXT
      );
      CREATE INDEX audit_by_inspection ON audit_log (inspection_id, seq);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      -- 网上检查记录表, one row a version. A signed version's content never changes; a correction
      -- is the next version, and the one it corrects becomes superseded when that is signed.
      CREATE TABLE record_forms (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        inspection_id INTEGER NOT NULL REFERENCES inspections(id),
        version INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'signed', 'superseded')),
        content TEXT,
        content_sha256 TEXT,
        signatures TEXT NOT NULL DEFAULT '[]',
        pdf_path TEXT,
        pdf_sha256 TEXT,
        created_at TEXT NOT NULL,
        signed_at TEXT,
        correction_of INTEGER REFERENCES record_forms(id),
        correction_reason TEXT,
        UNIQUE (inspection_id, version)
      );
      CREATE TRIGGER record_forms_signed_content BEFORE UPDATE OF content, content_sha256, signatures, signed_at ON record_forms
        WHEN OLD.status <> 'draft'
        BEGIN SELECT RAISE(ABORT, 'a signed record form is locked: a correction makes a new version'); END;
      CREATE TRIGGER record_forms_no_delete BEFORE DELETE ON record_forms
        BEGIN SELECT RAISE(ABORT, 'record forms are never deleted: a correction makes a new version'); END;
    `,
  },
  {
    version: 6,
    name: 'documents: versions of agreement and rules documents',
    sql: `
      -- A platform's agreement or rules document, identified by its URL without fragment or
      -- tracking query (rules/lib/document-text.ts documentKey); a document that moves keeps its
      -- row when its kind and title match, and url follows it.
      CREATE TABLE documents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform_id TEXT NOT NULL,
        url TEXT NOT NULL,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        UNIQUE (platform_id, url)
      );
      -- Each distinct text in the order it was seen; a text that comes back after another is a
      -- new version.
      CREATE TABLE document_versions (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        version INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        text TEXT NOT NULL,
        title TEXT NOT NULL,
        url TEXT NOT NULL,
        PRIMARY KEY (document_id, version)
      );
      -- Every capture of a version: first and last seen are read from here, and a job redone on
      -- resume replaces its run's sightings instead of adding to them.
      CREATE TABLE document_sightings (
        document_id INTEGER NOT NULL,
        version INTEGER NOT NULL,
        run_id TEXT NOT NULL,
        platform_id TEXT NOT NULL,
        snapshot_id TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (document_id, run_id),
        FOREIGN KEY (document_id, version) REFERENCES document_versions (document_id, version)
      );
      CREATE INDEX document_sightings_by_run ON document_sightings (run_id, platform_id);
    `,
  },
  {
    version: 7,
    name: 'nightly runs, lock, violation tracks',
    sql: `
      -- A nightly: one scan run (run_id, known once the scan has started it) compared with the
      -- previous complete runs. 'running' until its comparison is stored, so the next nightly
      -- over the same roster content and checks picks it up.
      CREATE TABLE nightly_runs (
        id TEXT PRIMARY KEY,
        run_id TEXT REFERENCES runs(id),
        out_dir TEXT NOT NULL,
        source TEXT NOT NULL,
        roster_sha256 TEXT NOT NULL,
        checks TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'done'))
      );
      -- At most one row: the nightly under way. A row whose pid is dead on this host, or whose
      -- heartbeat has stopped, is stale and may be taken over.
      CREATE TABLE nightly_lock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        nightly_id TEXT,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        started_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
      );
      -- How long a violation (or needs-review finding) stayed online: one row from the run it
      -- was first seen in to the first complete run it was absent from. It coming back later
      -- opens a new row.
      CREATE TABLE violation_tracks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform_id TEXT NOT NULL,
        check_id TEXT NOT NULL,
        key TEXT NOT NULL,
        subject TEXT NOT NULL,
        summary TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('violation', 'needs-review')),
        first_run_id TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        last_run_id TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        resolved_run_id TEXT,
        resolved_at TEXT,
        runs_seen INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX violation_tracks_open ON violation_tracks (platform_id, check_id, key) WHERE resolved_at IS NULL;
      CREATE INDEX violation_tracks_by_platform ON violation_tracks (platform_id, first_seen_at);
      -- a platform's earlier runs, for each nightly comparison
      CREATE INDEX run_platforms_by_platform ON run_platforms (platform_id, status);
    `,
  },
  {
    version: 8,
    name: 'units (monthly online-check quotas) and cases',
    sql: `
      -- 各县（区）局、市局各科室 (seeds/003): who must run an online check a month, where.
      -- regions is a JSON array of 6-digit division codes: the unit's jurisdiction.
      CREATE TABLE units (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('county', 'city-section', 'city')),
        regions TEXT NOT NULL,
        quota INTEGER NOT NULL CHECK (quota >= 0),
        parent TEXT,
        source TEXT NOT NULL,
        imported_at TEXT NOT NULL
      );
      -- 查处的网络违法案件, for the monthly statistics table (附件2). The fine is kept in yuan so
      -- that sums are exact; the table shows 万元.
      CREATE TABLE cases (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        unit TEXT NOT NULL REFERENCES units(id),
        kind TEXT NOT NULL,
        platform_id TEXT,
        decision_no TEXT NOT NULL UNIQUE,
        fine_yuan INTEGER NOT NULL CHECK (fine_yuan >= 0),
        transferred INTEGER NOT NULL CHECK (transferred IN (0, 1)),
        decided_on TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT
      );
      CREATE INDEX cases_by_unit ON cases (unit, decided_on);
    `,
  },
  {
    version: 9,
    name: 'rejudged runs',
    sql: `
      -- A run judged again from another run's captures (wangjian rejudge): it shares that run's
      -- folder and evidence, and writes its findings beside them.
      ALTER TABLE runs ADD COLUMN rejudged_from TEXT REFERENCES runs(id);
    `,
  },
  {
    version: 10,
    name: 'accounts: 执法证号',
    sql: `
      -- The inspector's 执法证号 from the roster, printed on the record forms the account signs;
      -- NULL for an assistant without one, or an account made before the roster gave it.
      ALTER TABLE users ADD COLUMN certificate TEXT;
    `,
  },
  {
    version: 11,
    name: 'platforms: risk 未分类',
    sql: `
      -- A platform not yet given a credit-risk class (未分类) keeps that as its own value. SQLite
      -- cannot change a CHECK, so the table is made again; no other table refers to it.
      CREATE TABLE platforms_new (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        uscc TEXT NOT NULL,
        url TEXT NOT NULL,
        platform TEXT,
        region TEXT,
        risk TEXT NOT NULL CHECK (risk IN ('low', 'general', 'higher', 'high', 'unclassified')),
        source TEXT NOT NULL,
        imported_at TEXT NOT NULL
      );
      INSERT INTO platforms_new SELECT id, name, uscc, url, platform, region, risk, source, imported_at FROM platforms;
      DROP TABLE platforms;
      ALTER TABLE platforms_new RENAME TO platforms;
    `,
  },
  {
    version: 12,
    name: 'roster changes: platform status, inspector status and certificate validity, unit history',
    sql: `
      -- 经营状态 as the roster gave it (存续, 在业, 注销, 吊销, 停业; NULL when it gave none), and
      -- when a platform was first missing from an imported roster: it is never deleted, since its
      -- draws, scans and inspections name it.
      ALTER TABLE platforms ADD COLUMN status TEXT;
      ALTER TABLE platforms ADD COLUMN gone_at TEXT;
      -- The inspector roster's 执法证有效期 (last valid day, YYYY-MM-DD) and 状态 (在岗, 调动, 退休).
      ALTER TABLE users ADD COLUMN certificate_valid_until TEXT;
      ALTER TABLE users ADD COLUMN status TEXT;
      -- Each unit an account has belonged to, from when: a check is credited to the unit its
      -- officer was in when it was signed (src/quota/quota.ts creditedUnit). An account made
      -- before this migration has been in its unit from the start ('').
      CREATE TABLE account_units (
        user_id TEXT NOT NULL REFERENCES users(id),
        unit TEXT NOT NULL,
        since TEXT NOT NULL,
        PRIMARY KEY (user_id, since)
      );
      INSERT INTO account_units (user_id, unit, since) SELECT id, unit, '' FROM users;
      -- Every change a roster import (or a transfer on the console) made: who, when, from which
      -- file, which field, old and new. roster is 'platforms' or 'inspectors'; change is added,
      -- changed, gone (missing from a roster imported whole) or returned (back in one).
      CREATE TABLE roster_changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        roster TEXT NOT NULL CHECK (roster IN ('platforms', 'inspectors')),
        subject TEXT NOT NULL,
        change TEXT NOT NULL CHECK (change IN ('added', 'changed', 'gone', 'returned')),
        field TEXT,
        old TEXT,
        new TEXT,
        file TEXT,
        file_sha256 TEXT,
        by TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX roster_changes_by_subject ON roster_changes (roster, subject, id);
    `,
  },
  {
    version: 13,
    name: 'results entered on the provincial platform',
    sql: `
      -- 已录入省级平台: the day a check's signed result was entered on the provincial 双随机 platform
      -- and who entered it (as the bureau names the person), with the signed version entered and
      -- who recorded the mark. A mark put right is updated; the audit log keeps what it was.
      CREATE TABLE platform_entries (
        inspection_id INTEGER PRIMARY KEY REFERENCES inspections(id),
        record_form_id INTEGER NOT NULL REFERENCES record_forms(id),
        entered_on TEXT NOT NULL,
        entered_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
      );
    `,
  },
  {
    version: 15,
    name: 'sweeps of self-built sites and shops',
    sql: `
      -- A sweep (wangjian sweep): a list of sites or shops, each a target judged on its own page.
      -- A target's findings land in the transaction that marks it done, so a killed sweep redoes
      -- at most the targets under way. A finding is kept whole (findings.jsonl's line), with its
      -- check and verdict beside it for the summary.
      CREATE TABLE sweeps (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('self-built', 'shop')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished')),
        out_dir TEXT NOT NULL,
        sites_path TEXT NOT NULL,
        sites_sha256 TEXT NOT NULL,
        checks TEXT NOT NULL,
        options TEXT NOT NULL,
        tool_version TEXT NOT NULL
      );
      CREATE TABLE sweep_targets (
        sweep_id TEXT NOT NULL REFERENCES sweeps(id),
        target_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        record TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'done')),
        pages INTEGER,
        browser TEXT,
        finished_at TEXT,
        PRIMARY KEY (sweep_id, target_id)
      );
      CREATE INDEX sweep_targets_by_position ON sweep_targets (sweep_id, position);
      CREATE TABLE sweep_findings (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        sweep_id TEXT NOT NULL REFERENCES sweeps(id),
        target_id TEXT NOT NULL,
        check_id TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('violation', 'needs-review', 'compliant', 'not-checked')),
        finding TEXT NOT NULL
      );
      CREATE INDEX sweep_findings_by_target ON sweep_findings (sweep_id, target_id);
    `,
  },
  {
    version: 16,
    name: 'campaigns made in the review server, and the inspector roster a draw was drawn from',
    sql: `
      -- A campaign a lead made on the campaigns page: the campaign file's content (validated as a
      -- file is), its unit, and the seed once published before the draw; a published seed is never
      -- changed. The draw itself is in draws, as any draw.
      CREATE TABLE campaigns (
        id TEXT PRIMARY KEY,
        unit TEXT NOT NULL,
        campaign TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        seed TEXT,
        seed_published_at TEXT,
        seed_published_by TEXT
      );
      CREATE TRIGGER campaigns_seed_once BEFORE UPDATE OF seed ON campaigns WHEN OLD.seed IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'a published seed is never changed'); END;
      -- The inspector roster a draw made in the server was drawn from, as given, so that the draw
      -- is verified and re-matched (回避) against it there. Never changed.
      CREATE TABLE draw_rosters (
        draw_id TEXT PRIMARY KEY REFERENCES draws(id),
        inspectors TEXT NOT NULL,
        sha256 TEXT NOT NULL
      );
      CREATE TRIGGER draw_rosters_immutable BEFORE UPDATE ON draw_rosters BEGIN SELECT RAISE(ABORT, 'draw rosters are immutable'); END;
    `,
  },
  {
    version: 17,
    name: 'review items by inspection',
    sql: `
      -- Every page of an inspection reads its items: without this, each read scanned the items of
      -- all inspections (10,000 rows at 100 inspections of 100 results).
      CREATE INDEX review_items_by_inspection ON review_items (inspection_id, id);
    `,
  },
];
