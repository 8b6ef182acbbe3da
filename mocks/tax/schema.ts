/**
 * The bureau's tables and the views it publishes for data sharing (共享视图), in the two
 * dialects the mock can run on. Table and column names are the legacy ones: upper-case
 * pinyin initials (DJ_NSRXX = 登记_纳税人信息). Everyone outside the bureau reads views only.
 */
export type Dialect = 'sqlite' | 'mariadb';

/** Tables in dependency order; dropped in reverse. */
export const TABLES = ['DM_SWJG', 'DM_NSRZT', 'DJ_NSRXX', 'XY_PJJG', 'SB_SBXX', 'SB_QSXX'] as const;
export const VIEWS = ['V_GX_NSRZT'] as const;

const TABLE_DDL: Record<(typeof TABLES)[number], string> = {
  // 税务机关代码表: tax offices
  DM_SWJG: `CREATE TABLE DM_SWJG (
    SWJG_DM CHAR(11) NOT NULL PRIMARY KEY,
    SWJGMC VARCHAR(200) NOT NULL,
    SJSWJG_DM CHAR(11),
    YXBZ CHAR(1) NOT NULL)`,
  // 纳税人状态代码表: taxpayer status codes
  DM_NSRZT: `CREATE TABLE DM_NSRZT (
    NSRZT_DM CHAR(2) NOT NULL PRIMARY KEY,
    NSRZTMC VARCHAR(50) NOT NULL)`,
  // 纳税人信息: the taxpayer register; superseded registrations stay with YXBZ = 'N'
  DJ_NSRXX: `CREATE TABLE DJ_NSRXX (
    DJXH BIGINT NOT NULL PRIMARY KEY,
    NSRSBH VARCHAR(20) NOT NULL,
    SHXYDM VARCHAR(18),
    NSRMC VARCHAR(300) NOT NULL,
    DJRQ DATETIME NOT NULL,
    ZGSWJ_DM CHAR(11) NOT NULL,
    NSRZT_DM CHAR(2) NOT NULL,
    YXBZ CHAR(1) NOT NULL,
    LRRQ DATETIME NOT NULL)`,
  // 信用评价结果: credit rating per evaluation year
  XY_PJJG: `CREATE TABLE XY_PJJG (
    DJXH BIGINT NOT NULL,
    PJND INTEGER NOT NULL,
    XYDJ CHAR(1) NOT NULL,
    PJFS DECIMAL(5,1) NOT NULL,
    PRIMARY KEY (DJXH, PJND))`,
  // 申报信息: returns filed, one row per levy item and period (SSSQ = YYYYMM)
  SB_SBXX: `CREATE TABLE SB_SBXX (
    SBXH BIGINT NOT NULL PRIMARY KEY,
    DJXH BIGINT NOT NULL,
    ZSXM_DM CHAR(5) NOT NULL,
    SSSQ CHAR(6) NOT NULL,
    SBRQ DATETIME NOT NULL,
    YBTSE DECIMAL(18,2) NOT NULL)`,
  // 欠税信息: arrears, JQBZ = 'Y' once cleared
  SB_QSXX: `CREATE TABLE SB_QSXX (
    QSXH BIGINT NOT NULL PRIMARY KEY,
    DJXH BIGINT NOT NULL,
    ZSXM_DM CHAR(5) NOT NULL,
    SSSQ CHAR(6) NOT NULL,
    QSJE DECIMAL(18,2) NOT NULL,
    JQBZ CHAR(1) NOT NULL)`,
};

const INDEXES = [
  'CREATE INDEX IDX_DJ_NSRXX_NSRSBH ON DJ_NSRXX (NSRSBH)',
  'CREATE INDEX IDX_SB_SBXX_DJXH ON SB_SBXX (DJXH, SSSQ)',
  'CREATE INDEX IDX_SB_QSXX_DJXH ON SB_QSXX (DJXH, JQBZ)',
];

/**
 * 纳税人状态共享视图. Correlated subqueries (not grouped derived tables) so both engines
 * resolve a `WHERE NSRSBH IN (...)` through the indexes instead of aggregating every table.
 * NSRZT stays a code; SWJGMC is joined from the code table (NULL for an unknown office code).
 */
const V_GX_NSRZT = `CREATE VIEW V_GX_NSRZT AS
SELECT n.NSRSBH AS NSRSBH,
       n.SHXYDM AS SHXYDM,
       n.NSRMC AS NSRMC,
       n.DJRQ AS DJRQ,
       (SELECT p.XYDJ FROM XY_PJJG p WHERE p.DJXH = n.DJXH
          AND p.PJND = (SELECT MAX(p2.PJND) FROM XY_PJJG p2 WHERE p2.DJXH = n.DJXH)) AS XYDJ,
       (SELECT MAX(p3.PJND) FROM XY_PJJG p3 WHERE p3.DJXH = n.DJXH) AS PJND,
       n.ZGSWJ_DM AS SWJG_DM,
       j.SWJGMC AS SWJGMC,
       n.NSRZT_DM AS NSRZT,
       (SELECT COALESCE(SUM(q.QSJE), 0) FROM SB_QSXX q WHERE q.DJXH = n.DJXH AND q.JQBZ = 'N') AS QSJE,
       (SELECT MAX(s.SSSQ) FROM SB_SBXX s WHERE s.DJXH = n.DJXH) AS ZJSBQ
  FROM DJ_NSRXX n
  LEFT JOIN DM_SWJG j ON j.SWJG_DM = n.ZGSWJ_DM
 WHERE n.YXBZ = 'Y'`;

/** Statements that drop and re-create every table, index and view (re-seeding is idempotent). */
export function schemaStatements(dialect: Dialect): string[] {
  const suffix = dialect === 'mariadb' ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin' : '';
  return [
    ...VIEWS.map((v) => `DROP VIEW IF EXISTS ${v}`),
    ...[...TABLES].reverse().map((t) => `DROP TABLE IF EXISTS ${t}`),
    ...TABLES.map((t) => TABLE_DDL[t] + suffix),
    ...INDEXES,
    V_GX_NSRZT,
  ];
}
