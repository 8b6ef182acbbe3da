/** This adapter's department code: `extensions.department` of every error it raises. */
export const DEPARTMENT = 'public-security';
