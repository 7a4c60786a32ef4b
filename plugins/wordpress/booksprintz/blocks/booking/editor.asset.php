<?php
/**
 * Dependencies of editor.js (written by hand: the script is plain ES5 against the wp.* globals, no build step).
 *
 * @package BookSprintz
 */

return array(
	'dependencies' => array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-i18n' ),
	'version'      => '1.0.0',
);
