// Test helpers of the storage lib (real S3-protocol server, throw-away databases, contract suites),
// exported as `@remote-ocr/storage/testing` for other projects' tests only; not part of the build.
export { startLocalS3, type LocalS3 } from './s3rver-server.js';
export { createTestDatabase, dropDatabase } from './pg-test-database.js';
