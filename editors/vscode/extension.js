// The segdsl extension's client: starts the language server (`segdsl lsp`, on stdio) for the
// segdsl files of the workspace, and restarts it when its settings change.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

// The server's command line from the extension's settings (package.json, contributes.configuration).
function serverOptions(configuration) {
  return {
    command: configuration.get('server.command', 'segdsl'),
    args: configuration.get('server.args', ['lsp']),
    transport: TransportKind.stdio,
  };
}

function clientOptions() {
  return {
    documentSelector: [
      { scheme: 'file', language: 'segdsl' },
      { scheme: 'untitled', language: 'segdsl' },
    ],
  };
}

async function start() {
  const configuration = vscode.workspace.getConfiguration('segdsl');
  client = new LanguageClient('segdsl', 'segdsl', serverOptions(configuration), clientOptions());
  try {
    await client.start();
  } catch (error) {
    const command = [configuration.get('server.command'), ...configuration.get('server.args')];
    vscode.window.showErrorMessage(
      `segdsl: the language server \`${command.join(' ')}\` did not start (${error.message}). ` +
        "Install it with pip install 'segdsl[lsp]' or set segdsl.server.command.",
    );
  }
}

async function stop() {
  if (client !== undefined) {
    const running = client;
    client = undefined;
    await running.dispose();
  }
}

async function restart() {
  await stop();
  await start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('segdsl.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('segdsl.server')) {
        return restart();
      }
      return undefined;
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate, serverOptions };
