export * from './ids.js';
export * from './years.js';
export * from './grades.js';
export * from './staff.js';
export * from './scopes.js';
export * from './flags.js';
export * from './bell-schedules.js';
export * from './campaign.js';
