// The build's row shorthand (scripts/editor-rows.js): each <he-row> of an editor template
// becomes the form row Node-RED's edit dialog expects, and a mistake in one stops the build.
import assert from 'node:assert/strict';

const { expandRows } = require('../../../../scripts/editor-rows.js') as { expandRows: (html: string) => string };

describe('editor templates: the <he-row> shorthand', () => {
  it('writes a row with an icon as a labelled form row around its field', () => {
    const html = expandRows(
      '  <he-row icon="folder-open" label="csv-log.label.baseDir"><input type="text" id="node-input-baseDir"></he-row>\n',
    );
    assert.equal(
      html,
      [
        '  <div class="form-row">',
        '    <label for="node-input-baseDir"><i class="fa fa-folder-open"></i> <span data-i18n="csv-log.label.baseDir"></span></label>',
        '    <input type="text" id="node-input-baseDir">',
        '  </div>',
        '',
      ].join('\n'),
    );
  });

  it('labels the first node-input field, copies the rest as written and passes class, id and style to the row', () => {
    const html = expandRows(
      [
        '<he-row class="x-host-row" id="x-row" style="margin-top: 12px" label="x.label.price">',
        '  <input type="text" id="node-input-price" style="width:70%">',
        '  <input type="hidden" id="node-input-priceType"> <span data-i18n="x.unit.eur"></span>',
        '</he-row>',
      ].join('\n'),
    );
    assert.equal(
      html,
      [
        '<div class="form-row x-host-row" id="x-row" style="margin-top: 12px">',
        '  <label for="node-input-price" data-i18n="x.label.price"></label>',
        '  <input type="text" id="node-input-price" style="width:70%">',
        '  <input type="hidden" id="node-input-priceType"> <span data-i18n="x.unit.eur"></span>',
        '</div>',
      ].join('\n'),
    );
  });

  it("gives a checkbox without an icon Node-RED's checkbox layout, its text beside the box", () => {
    const html = expandRows('<he-row label="x.label.bom"><input type="checkbox" id="node-input-bom"></he-row>');
    assert.equal(
      html,
      [
        '<div class="form-row">',
        '  <label>&nbsp;</label>',
        '  <input type="checkbox" id="node-input-bom">',
        '  <label for="node-input-bom" style="width:auto;" data-i18n="x.label.bom"></label>',
        '</div>',
      ].join('\n'),
    );
  });

  it('fills the empty select with the options, keyed by value=key or by option-keys', () => {
    const html = expandRows(
      '<he-row icon="clock-o" label="x.label.zone" options="local utc=x.other.utc" option-keys="x.option"><select id="node-input-zone"></select></he-row>',
    );
    assert.equal(
      html,
      [
        '<div class="form-row">',
        '  <label for="node-input-zone"><i class="fa fa-clock-o"></i> <span data-i18n="x.label.zone"></span></label>',
        '  <select id="node-input-zone">',
        '    <option value="local" data-i18n="x.option.local"></option>',
        '    <option value="utc" data-i18n="x.other.utc"></option>',
        '  </select>',
        '</div>',
      ].join('\n'),
    );
  });

  it('leaves a template without rows as it is', () => {
    const html = '<div class="form-row">\n  <label>&nbsp;</label>\n</div>\n';
    assert.equal(expandRows(html), html);
  });

  it('stops on a row it cannot write: no label, no node-input field, options without a select, a stray tag', () => {
    assert.throws(() => expandRows('<he-row icon="tag"><input id="node-input-name"></he-row>'), /no label/);
    assert.throws(() => expandRows('<he-row label="x.y"><input id="name"></he-row>'), /node-input-/);
    assert.throws(
      () => expandRows('<he-row label="x.y" options="a b" option-keys="x"><input id="node-input-a"></he-row>'),
      /empty <select/,
    );
    assert.throws(
      () => expandRows('<he-row label="x.y" options="a"><select id="node-input-a"></select></he-row>'),
      /no key for the option "a"/,
    );
    assert.throws(
      () => expandRows('<div><he-row label="x.y"><input id="node-input-a"></he-row></div>'),
      /start its line/,
    );
    assert.throws(() => expandRows('<he-row label="x.y" checked><input id="node-input-a"></he-row>'), /name="value"/);
  });
});
