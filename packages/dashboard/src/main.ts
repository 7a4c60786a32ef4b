import './app-shell.ts';
