export * from './locale';
export * from './errors';
export * from './auth';
export * from './models';
export * from './conversations';
export * from './ratings';
export * from './chat-stream';
export * from './gateway';
